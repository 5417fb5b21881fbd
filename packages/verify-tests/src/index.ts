// @ferry/verify-tests: check a LIVE deployment (smoke, performance, dependencies, rollback integrity).
export { runVerification, DEFAULT_SUITES, type VerificationInput, type VerificationResult } from './run.js';
export { formatVerification } from './format.js';
export { writeMarker } from './marker.js';
export { defaultVerify, routerBaseUrl, readTarget, TARGET_VAR, type VerifySettings, type VerifyTarget } from './target.js';
export { SUITES, type SuiteName, type VerificationTest } from './vitest-report.js';
export type { VersionCheck } from './checks/version.js';
export { junitXml, type JunitCase, type JunitSuite } from './checks/junit.js';
export { parsePrometheus, PrometheusParseError, type MetricFamily, type MetricSample, type MetricType } from './checks/prometheus.js';
