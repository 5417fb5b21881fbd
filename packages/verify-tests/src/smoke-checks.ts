// The smoke suite's checks as data, built only from the environment file's `verify:` section, so a
// unit test can see exactly which checks a configuration asks for. The suite file runs them.
import type { FieldValue } from './checks/json-fields.js';
import { describeStatuses } from './checks/status.js';
import { describeVersionCheck, type VersionCheck } from './checks/version.js';
import type { VerifyTarget } from './target.js';

export type SmokeCheck =
  | { kind: 'endpoint'; name: string; path: string; status: number[]; json: Record<string, FieldValue> }
  | { kind: 'version'; name: string; path: string; check: VersionCheck; activeTag: string | null }; // activeTag null: skipped

/** One check per `verify.endpoints[]` entry, then the version check when (and only when) `verify.version` is set. */
export function smokeChecks({ verify, activeTag }: Pick<VerifyTarget, 'verify' | 'activeTag'>): SmokeCheck[] {
  const endpoints = verify.endpoints.map((endpoint): SmokeCheck => {
    const json = endpoint.json ?? {};
    const fields = Object.entries(json).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const name = `GET ${endpoint.path} answers ${describeStatuses(endpoint.status)}${fields.length ? ` with ${fields.join(', ')}` : ''}`;
    return { kind: 'endpoint', name, path: endpoint.path, status: endpoint.status, json };
  });
  const { version } = verify;
  if (!version) return endpoints;
  const name = activeTag === null ? `GET ${version.path} version check (no active tag known)` : `GET ${version.path} reports the active tag ${activeTag} ${describeVersionCheck(version, activeTag)}`;
  return [...endpoints, { kind: 'version', name, path: version.path, check: version, activeTag }];
}
