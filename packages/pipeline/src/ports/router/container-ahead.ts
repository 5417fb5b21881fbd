// A split's config tested ahead: while a canary step is held, the next step's upstream conf is written to a side
// copy and `nginx -t -c` tests it there, so at the step's end only the write, the reload and the count remain. The
// side main conf is the main conf as the container holds it with its one include pointing at the side copy; the
// change then skips its own test only when everything nginx would read is what was tested (aheadCovers).
import { CONTAINER_UPSTREAM_CONF } from './container-config.js';
import type { Colour } from '../../config/types.js';

export const AHEAD_MAIN_CONF = '/etc/nginx/ferry-ahead.conf';
export const AHEAD_UPSTREAM_CONF = '/etc/nginx/ferry-upstream-ahead.conf';

const INCLUDE = `    include ${CONTAINER_UPSTREAM_CONF};\n`;

/** The main conf with its include of the upstream conf pointing at the side copy; null when it has not exactly one. */
export function aheadMainConf(main: string): string | null {
  if (main.split(INCLUDE).length !== 2) return null;
  return main.replace(INCLUDE, `    include ${AHEAD_UPSTREAM_CONF};\n`);
}

/** What a change reads: the main conf's bytes, the upstream conf's bytes, and the container each colour's name resolves to. */
export interface ConfigInputs {
  main: string | null;
  upstream: string;
  identities: Record<Colour, string | null>; // `<id>@<address>` (container-router.ts identityOf)
}

/**
 * Whether a test of `tested` proves `now`: the same bytes of both files, and every colour's name resolving to the
 * same container at the same address (nginx resolves the split's server names when it loads the file).
 */
export function aheadCovers(tested: ConfigInputs | null, now: ConfigInputs): boolean {
  if (tested === null || tested.main === null || now.main === null) return false;
  return tested.main === now.main && tested.upstream === now.upstream && tested.identities.blue === now.identities.blue && tested.identities.green === now.identities.green;
}
