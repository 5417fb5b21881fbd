import type { FieldValue } from './checks/json-fields.js';
import type { VersionCheck } from './checks/version.js';

/** Same shape as @ferry/pipeline's VerifyConfig (the environment file's `verify:`), so the pipeline passes it as is. */
export interface VerifySettings {
  endpoints: { path: string; status: number[]; json?: Record<string, FieldValue> }[];
  maxP95Ms: number;
  samples: number;
  concurrency: number;
  database?: string;
  redis?: string;
  metrics?: string;
  marker?: { path: string };
  version?: VersionCheck; // opt-in: the deployment reports the active tag (a JSON field, or a body pattern with {tag})
}

/** What the suites check: the runner hands it to them as JSON in FERRY_VERIFY_TARGET. */
export interface VerifyTarget {
  baseUrl: string; // e.g. http://127.0.0.1:8080 (the router)
  verify: VerifySettings;
  activeTag: string | null; // what `ferry status` reports as active; null skips the verify.version check
  healthPath?: string; // where the concurrency burst goes (default: the first endpoint)
  marker?: { path: string; value: string }; // written before the deploy, for rollback integrity
  headers?: Record<string, string>; // sent with every request (ferry validate --preview: the router's preview header)
}

export const TARGET_VAR = 'FERRY_VERIFY_TARGET';

/** The environment file's defaults when it has no `verify:` section. */
export function defaultVerify(healthPath: string): VerifySettings {
  return { endpoints: [{ path: healthPath, status: [200] }], maxP95Ms: 300, samples: 50, concurrency: 50 };
}

/** The router's address as a base URL: a wildcard listen address is reached on loopback. */
export function routerBaseUrl(listen: { host: string; port: number }): string {
  const host = listen.host === '0.0.0.0' || listen.host === '' ? '127.0.0.1' : listen.host === '::' ? '[::1]' : listen.host;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${listen.port}`;
}

/** The target from the process environment: FERRY_VERIFY_TARGET, with API_URL (when set) replacing its address. */
export function readTarget(env: Readonly<Record<string, string | undefined>>): VerifyTarget {
  const apiUrl = env.API_URL?.trim().replace(/\/+$/, '') || undefined;
  const raw = env[TARGET_VAR];
  if (!raw) {
    if (apiUrl) return { baseUrl: apiUrl, verify: defaultVerify('/health'), activeTag: null };
    throw new Error(`${TARGET_VAR} is not set: run the suites through runVerification (ferry validate --env E), or set API_URL=http://host:port to check an address with the default expectations`);
  }
  let target: VerifyTarget;
  try {
    target = JSON.parse(raw) as VerifyTarget;
  } catch (error) {
    throw new Error(`${TARGET_VAR} is not valid JSON (${(error as Error).message}); it should look like {"baseUrl":"http://127.0.0.1:8080","verify":{…},"activeTag":"v2"}`);
  }
  if (typeof target?.baseUrl !== 'string' || typeof target.verify !== 'object' || !Array.isArray(target.verify?.endpoints)) {
    throw new Error(`${TARGET_VAR} should hold {"baseUrl": string, "verify": {"endpoints": […], …}, "activeTag": string|null}`);
  }
  return { ...target, activeTag: target.activeTag ?? null, baseUrl: apiUrl ?? target.baseUrl.replace(/\/+$/, '') };
}
