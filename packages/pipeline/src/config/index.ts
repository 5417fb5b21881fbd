// Public surface of the configuration module: load + validate environments, secrets, tags.
export { loadEnvironment, type LoadOptions } from './load.js';
export { listEnvironments } from './environment-files.js';
export { resolveSecrets, registryAuth, MIN_SECRET_LENGTH } from './secrets.js';
export { Redactor, REDACTED } from './redactor.js';
export { redactorFor, activeRedactor, secretVariableNames } from './masked-values.js';
export { validateTag } from './tag.js';
export { parseDuration } from './duration.js';
export * from './types.js';
