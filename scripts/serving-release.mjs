// CI: `ferry status --json` on stdin → `release=<id>` on stdout (for $GITHUB_OUTPUT): the release the
// environment serves now, captured before a deploy so a failed validation rolls back to exactly it
// (`ferry rollback --to <id>`). The ledger's last release counts only when the serving container agrees
// with it, else the serving tag; nothing served gives `release=` (nothing to roll back to).
import { readFileSync } from 'node:fs';

// Tags and release ids share this grammar; anything else (a newline above all) must not reach $GITHUB_OUTPUT.
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

const status = JSON.parse(readFileSync(0, 'utf8'));
const serving = status.active?.version;
const last = status.lastRelease;
const release = !serving ? '' : last && last.tag === serving ? last.id : serving;
if (release !== '' && !NAME.test(release)) {
  process.stderr.write(`serving-release: ${JSON.stringify(release)} is not a tag or release id; refusing to pass it on\n`);
  process.exit(2);
}
process.stdout.write(`release=${release}\n`);
