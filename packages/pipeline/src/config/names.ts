// Name grammars shared by the schema, the cross-checks and the environment lookup.
export const ENV_NAME = /^[a-z0-9][a-z0-9_-]*$/;
export const APP_NAME = /^[a-z0-9][a-z0-9-]*$/;
export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
