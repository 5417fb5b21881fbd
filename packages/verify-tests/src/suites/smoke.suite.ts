// Smoke: every configured endpoint answers its expected status and fields; /version is the active tag.
import { it } from 'vitest';
import { checkJsonFields, checkVersion } from '../checks/json-fields.js';
import { checkStatus, describeStatuses } from '../checks/status.js';
import { get } from '../http.js';
import { failOn, label, target } from './support.js';

for (const endpoint of target.verify.endpoints) {
  const fields = Object.entries(endpoint.json ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  it(`GET ${endpoint.path} answers ${describeStatuses(endpoint.status)}${fields.length ? ` with ${fields.join(', ')}` : ''}`, async () => {
    const answer = await get(target.baseUrl, endpoint.path);
    failOn([checkStatus(label(endpoint.path), endpoint.status, answer.status), ...checkJsonFields(label(endpoint.path), endpoint.json ?? {}, answer.json)]);
  });
}

it.skipIf(target.activeTag === null)(target.activeTag ? `GET /version reports the active tag ${target.activeTag}` : 'GET /version check (no active tag known)', async () => {
  const answer = await get(target.baseUrl, '/version');
  failOn([checkStatus(label('/version'), [200], answer.status) ?? checkVersion(label('/version'), target.activeTag!, answer.json)]);
});
