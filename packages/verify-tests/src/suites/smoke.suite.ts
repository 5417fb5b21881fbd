// Smoke: exactly the checks the environment file's `verify:` section asks for (see smoke-checks.ts).
import { it } from 'vitest';
import { checkJsonFields } from '../checks/json-fields.js';
import { checkStatus } from '../checks/status.js';
import { checkVersion } from '../checks/version.js';
import { get } from '../http.js';
import { smokeChecks } from '../smoke-checks.js';
import { failOn, label, target } from './support.js';

for (const check of smokeChecks(target)) {
  if (check.kind === 'endpoint') {
    it(check.name, async () => {
      const answer = await get(target.baseUrl, check.path);
      failOn([checkStatus(label(check.path), check.status, answer.status), ...checkJsonFields(label(check.path), check.json, answer.json)]);
    });
    continue;
  }
  const { activeTag } = check;
  it.skipIf(activeTag === null)(check.name, async () => {
    const answer = await get(target.baseUrl, check.path);
    failOn([checkStatus(label(check.path), [200], answer.status) ?? checkVersion(label(check.path), check.check, activeTag!, answer)]);
  });
}
