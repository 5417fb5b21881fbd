import { realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadEnvironment } from './index.js';
import { BASE_YAML, makeSandbox, type Sandbox } from './test-fixtures.js';

// BASE_YAML with one line replaced; a replacer function so "$" in `to` stays literal.
const variant = (from: string, to: string): string => {
  if (!BASE_YAML.includes(from)) throw new Error(`fixture has no ${JSON.stringify(from)}`);
  return BASE_YAML.replace(from, () => to);
};

let box: Sandbox;
beforeAll(async () => {
  box = await makeSandbox();
});
afterAll(() => box.cleanup());

async function failure(yaml: string, processEnv: NodeJS.ProcessEnv = {}): Promise<ConfigError> {
  await box.write('test.yaml', yaml);
  const error = await loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).exitCode).toBe(2);
  return error as ConfigError;
}

// BASE_YAML leaves router/runtime to its default (container); the host router's rules need it set.
const onHost = (yaml: string): string => yaml.replace('router:\n', 'router:\n  runtime: host\n');

// [case, file text, fragments the message must contain]
const BAD_FILES: Array<[string, string, string[]]> = [
  ['malformed YAML: unclosed flow list', variant('  port: 3000', '  port: [3000'), ['test.yaml:8 invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']],
  ['malformed YAML: nested compact mapping', variant('app: demo', 'app: demo: web'), ['test.yaml:1 invalid YAML: Nested mappings are not allowed in compact mappings at line 1, column 6']],
  ['malformed YAML: unclosed quote', variant('approval: none', 'approval: "none'), ['test.yaml:27 invalid YAML: Missing closing "quote']],
  ['duplicate key', variant('approval: none', 'approval: none\napproval: required'), ['test.yaml:27 invalid YAML: Map keys must be unique']],
  ['empty file', '', ['test.yaml: the file is empty; it needs at least app, image, container and router']],
  ['comments only', '# nothing yet\n', ['test.yaml: the file is empty']],
  ['top-level list', '- app: demo\n- image: x\n', ['test.yaml:1 (top level): should be a mapping of keys', 'found a list']],
  ['top-level scalar', 'demo\n', ['test.yaml:1 (top level): should be a mapping of keys', 'found a single value']],
  ['unknown top-level key', `${BASE_YAML}replicas: 2\n`, ['test.yaml:27 replicas: unknown key (known: app, image, container, health, router, engine, strategy, approval, database, probe, verify, scan, loadtest, notify, state_dir, state_dir_in_checkout); remove it']],
  ['engine.host without a scheme', `${BASE_YAML}engine:\n  host: 10.0.0.5:2375\n`, ['test.yaml:28 engine/host: should be a Docker engine address', '(got "10.0.0.5:2375")', 'e.g. host: tcp://10.0.0.5:2375']],
  ['engine.host tcp without a port', `${BASE_YAML}engine:\n  host: tcp://10.0.0.5\n`, ['test.yaml:28 engine/host: tcp:// address needs a port']],
  ['engine.host not a string', `${BASE_YAML}engine:\n  host: 2375\n`, ['test.yaml:28 engine/host: should be a string (got 2375)']],
  ['engine timeout zero', `${BASE_YAML}engine: { request_timeout: 0s }\n`, ['test.yaml:27 engine/request_timeout: should be at least 1ms (got "0s"); write a number followed by a unit: 500ms, 2s, 1m, 1m30s']],
  ['unknown nested key (typo)', variant('  listen:', '  listn:'), [
    'test.yaml:18 router/listn: unknown key (known: driver, runtime, image, listen, public_url, ports, drain, snippet, snippet_unsafe, tls, http_listen, redirect_http, preview_listen); did you mean "listen"?',
    'test.yaml:17 router/listen: is required; e.g. listen: 127.0.0.1:8080',
  ]],
  ['public_url over https without router.tls', variant('  listen: 127.0.0.1:8080', '  listen: 127.0.0.1:8080\n  public_url: https://10.0.0.5:8080'), ['test.yaml:19 router/public_url: should be an http:// URL (the router serves plain HTTP without router/tls); e.g. public_url: http://10.0.0.5:8080']],
  ['public_url of another scheme', variant('  listen: 127.0.0.1:8080', '  listen: 127.0.0.1:8080\n  public_url: ftp://10.0.0.5:8080'), ['test.yaml:19 router/public_url: should be an http:// or https:// URL with a host (got "ftp://10.0.0.5:8080"); e.g. public_url: http://10.0.0.5:8080']],
  ['public_url with a path', variant('  listen: 127.0.0.1:8080', '  listen: 127.0.0.1:8080\n  public_url: http://10.0.0.5:8080/app'), ['test.yaml:19 router/public_url: should be http://host:port with no path, query or user (got "http://10.0.0.5:8080/app")']],
  ['public_url without a scheme', variant('  listen: 127.0.0.1:8080', '  listen: 127.0.0.1:8080\n  public_url: 10.0.0.5:8080'), ['test.yaml:19 router/public_url: should be an http:// or https:// URL with a host (got "10.0.0.5:8080")']],
  ['router container on a remote engine bound to its loopback', `${variant('router:\n', 'router:\n  runtime: container\n')}engine:\n  host: tcp://10.0.0.5:2375\n`, [
    "test.yaml:19 router/listen: 127.0.0.1:8080 is the loopback of the engine's host (tcp://10.0.0.5:2375, from engine.host): ferry cannot reach the router there from this machine",
    'listen on all of its interfaces (listen: 0.0.0.0:8080), or set router/public_url to where this machine reaches it',
  ]],
  ['port as a word', variant('  port: 3000', '  port: abc'), ['test.yaml:7 container/port: should be a number (got "abc"); the port the app listens on inside the container, e.g. port: 3000']],
  ['retain 0', variant('  retain: 3', '  retain: 0'), ['test.yaml:25 strategy/retain: should be a whole number ≥ 1 (got 0); how many releases to keep']],
  ['retain 1.5', variant('  retain: 3', '  retain: 1.5'), ['test.yaml:25 strategy/retain: should be a whole number (got 1.5)']],
  ['keep_previous "yes"', variant('  keep_previous: true', '  keep_previous: yes'), ['test.yaml:24 strategy/keep_previous: should be true or false (got "yes"); write true or false (unquoted)']],
  ['duration garbage', variant('  interval: 1s', '  interval: fast'), ['test.yaml:14 health/interval: should be a duration like "2s" (got "fast"); write a number followed by a unit: 500ms, 2s, 1m, 1m30s']],
  ['duration bare number', variant('  interval: 1s', '  interval: 5'), ['test.yaml:14 health/interval: should be a duration like "2s" (got 5)']],
  ['duration zero timeout', variant('  timeout: 2s', '  timeout: 0s'), ['test.yaml:15 health/timeout: should be at least 1ms (got "0s")']],
  ['drain with a bad unit', variant('  ports:', '  drain: 5 sec\n  ports:'), ['test.yaml:19 router/drain: should be a duration like "2s" (got "5 sec")']],
  ['missing app', variant('app: demo\n', ''), ['test.yaml:1 app: is required; e.g. app: demo']],
  ['missing container/port', variant('  port: 3000\n', ''), ['test.yaml:6 container/port: is required; the port the app listens on']],
  ['missing router', variant('router:\n  listen: 127.0.0.1:8080\n  ports:\n    blue: 18081\n    green: 18082\n', ''), ['router: is required; e.g. router: { listen: 127.0.0.1:8080']],
  ['missing image/name', variant('  name: ferry/demo-app\n', ''), ['test.yaml:2 image/name: is required; e.g. name: ferry/demo-app (the tag comes from --tag)']],
  ['empty section', variant('health:\n  path: /health\n  interval: 1s\n  timeout: 2s\n  deploy_timeout: 60s\n', 'health:\n'), ['test.yaml:12 health: is empty; give it a value or delete the key to use the default']],
  ['router container with a host-network app without ports', variant('  port: 3000', '  port: 3000\n  network: host').replace('  ports:\n    blue: 18081\n    green: 18082\n', ''), [
    "test.yaml:18 router/ports: is required with container/network host (each colour listens on one of these ports on 127.0.0.1; the router container shares the host's network to reach them)",
    'e.g. ports: { blue: 18081, green: 18082 }, or container/network: bridge',
  ]],
  ['router runtime unknown', variant('router:\n', 'router:\n  runtime: systemd\n'), ['test.yaml:18 router/runtime:', 'host', 'container']],
  ['router image with a space', variant('router:\n', 'router:\n  image: nginx 1.27\n'), ['test.yaml:18 router/image: should be an image reference like nginx:1.27-alpine']],
  ['blue = green', onHost(variant('    green: 18082', '    green: 18081')), ['test.yaml:22 router/ports/green: should differ from blue (both 18081); blue and green run side by side']],
  ['listen port = blue port', onHost(variant('  listen: 127.0.0.1:8080', '  listen: 127.0.0.1:18081')), ['test.yaml:19 router/listen: port 18081 is also router/ports/blue; the router listens on its own port']],
  ['host router without ports', onHost(variant('  ports:\n    blue: 18081\n    green: 18082\n', '')), ['test.yaml:17 router/ports: is required with router/runtime host (each colour publishes one of these ports on 127.0.0.1); e.g. ports: { blue: 18081, green: 18082 }, or router/runtime: container']],
  ['port 70000', variant('    blue: 18081', '    blue: 70000'), ['test.yaml:20 router/ports/blue: should be a port number 1-65535 (got 70000); e.g. blue: 18081']],
  ['listen on a public address', variant('  listen: 127.0.0.1:8080', '  listen: 10.0.0.5:8080'), ['test.yaml:18 router/listen: should be host:port with a loopback or 0.0.0.0 host (got "10.0.0.5:8080"); e.g. listen: 127.0.0.1:8080']],
  ['listen on IPv6', variant('  listen: 127.0.0.1:8080', '  listen: "[::]:8080"'), ['test.yaml:18 router/listen: IPv6 addresses are not supported (got "[::]:8080"): the router listens on IPv4; e.g. listen: 0.0.0.0:80 (every IPv4 interface)']],
  ['listen on IPv6 loopback', variant('  listen: 127.0.0.1:8080', '  listen: "[::1]:8080"'), ['test.yaml:18 router/listen: IPv6 addresses are not supported (got "[::1]:8080")']],
  ['listen port out of range', variant('  listen: 127.0.0.1:8080', '  listen: 127.0.0.1:99999'), ['test.yaml:18 router/listen: port should be 1-65535 (got 99999)']],
  ['bad network', variant('  port: 3000', '  port: 3000\n  network: overlay'), ['test.yaml:8 container/network: should be one of "bridge", "host" (got "overlay"); write network: bridge (default) or network: host']],
  ['bad approval', variant('approval: none', 'approval: maybe'), ['test.yaml:26 approval: should be one of "none", "required" (got "maybe"); write approval: none or approval: required']],
  ['bad strategy type', variant('  monitor: 10s', '  type: recreate\n  monitor: 10s'), ['test.yaml:23 strategy/type: should be one of "blue-green", "canary", "rolling" (got "recreate"); type: blue-green (default), type: canary or type: rolling (container/replicas replaced batch by batch)']],
  ['canary weights going down', variant('  monitor: 10s', '  monitor: 10s\n  steps: [10, 50, 25]'), ['test.yaml:24 strategy/steps/2/weight: should be more than the step before it (50): weights only go up; e.g. steps: [10, 25, 50, 100]']],
  ['canary weight 0', variant('  monitor: 10s', '  monitor: 10s\n  steps: [0, 50]'), ['test.yaml:24 strategy/steps/0/weight: should be a whole percent 1-100 (0 is where a canary starts; an abort goes back to it) (got 0)']],
  ['canary error rate not a percent', variant('  monitor: 10s', '  monitor: 10s\n  analysis: { max_error_rate: lots }'), ['test.yaml:24 strategy/analysis/max_error_rate: should be a percent 0-100 like "1%" (got "lots"); e.g. max_error_rate: 1%']],
  ['canary pause not a boolean', variant('  monitor: 10s', '  monitor: 10s\n  steps: [10, { weight: 50, pause: maybe }]'), ['test.yaml:24 strategy/steps/1/pause: should be true or false (got "maybe"); write true or false (unquoted)']],
  ['prometheus url without a scheme', variant('  monitor: 10s', '  monitor: 10s\n  analysis:\n    prometheus: { url: "prom:9090", query: up, max: 1 }'), ['test.yaml:25 strategy/analysis/prometheus/url: should be an http:// or https:// URL with a host (got "prom:9090"); e.g. url: http://127.0.0.1:9090']],
  ['prometheus url with a password', variant('  monitor: 10s', '  monitor: 10s\n  analysis:\n    prometheus: { url: "http://u:p@prom:9090", query: up, max: 1 }'), ['strategy/analysis/prometheus/url: should have no query, fragment or user:password']],
  ['prometheus query missing', variant('  monitor: 10s', '  monitor: 10s\n  analysis:\n    prometheus: { url: "http://prom:9090", max: 1 }'), ['test.yaml:25 strategy/analysis/prometheus/query: should be a PromQL query (got nothing); e.g. query: sum(rate(']],
  ['prometheus query with an unknown placeholder', variant('  monitor: 10s', '  monitor: 10s\n  analysis:\n    prometheus: { url: "http://prom:9090", query: \'up{c="{{colour}}"}\', max: 1 }'), ['strategy/analysis/prometheus/query: has unknown placeholder(s) {{colour}}; known: {{canary_colour}}, {{stable_colour}}, {{version}}']],
  ['prometheus max not a number', variant('  monitor: 10s', '  monitor: 10s\n  analysis:\n    prometheus: { url: "http://prom:9090", query: up, max: lots }'), ['test.yaml:25 strategy/analysis/prometheus/max: should be a number (got "lots"); a number, e.g. max: 0.01 (above it the step fails)']],
  ['prometheus without max or min', variant('  monitor: 10s', '  monitor: 10s\n  analysis:\n    prometheus: { url: "http://prom:9090", query: up }'), ['test.yaml:25 strategy/analysis/prometheus: needs max (or min)']],
  ['prometheus unknown key', variant('  monitor: 10s', '  monitor: 10s\n  analysis:\n    prometheus: { url: "http://prom:9090", query: up, mx: 1 }'), ['strategy/analysis/prometheus/mx: unknown key (known: url, query, max, min, timeout); did you mean "max']],
  ['canary analysis unknown key', variant('  monitor: 10s', '  monitor: 10s\n  analysis: { max_errors: 1 }'), ['strategy/analysis/max_errors: unknown key']],
  ['bad router driver', variant('  listen: 127.0.0.1:8080', '  driver: traefik\n  listen: 127.0.0.1:8080'), ['test.yaml:18 router/driver: should be one of "nginx" (got "traefik")']],
  ['missing build context', variant('    context: ./app', '    context: ./nope'), ['test.yaml:5 image/build/context: directory not found:', '/environments/nope; the context is relative to']],
  ['missing dockerfile', variant('    context: ./app', '    context: ./app\n    dockerfile: Containerfile'), ['test.yaml:6 image/build/dockerfile: file not found:', 'app/Containerfile; the dockerfile is relative to the build context']],
  ['dockerfile outside the context', variant('    context: ./app', '    context: ./app\n    dockerfile: ../Dockerfile'), ['test.yaml:6 image/build/dockerfile: should be inside the build context']],
  ['missing env_file', variant('  env_file: .env.test', '  env_file: .env.nope'), ['test.yaml:8 container/env_file: file not found:', '.env.nope; env_file is relative to']],
  ['bad secret name', variant('  secrets: [DATABASE_URL]', '  secrets: [DATABASE-URL]'), ['test.yaml:11 container/secrets/0: should be a variable name: letters, digits and _, not starting with a digit (got "DATABASE-URL"); a variable name, e.g. DATABASE_URL']],
  ['secret also in env', variant('  secrets: [DATABASE_URL]', '  secrets: [DATABASE_URL, LOG_LEVEL]'), ["test.yaml:11 container/secrets/1: LOG_LEVEL is also set in container/env; a secret's value comes only from the process environment"]],
  ['secret also in env_file', variant('  secrets: [DATABASE_URL]', '  secrets: [GREETING]'), ['test.yaml:11 container/secrets/0: GREETING is also set in env_file .env.test; secrets never live in files']],
  ['secret listed twice', variant('  secrets: [DATABASE_URL]', '  secrets: [DATABASE_URL, DATABASE_URL]'), ['container/secrets/1: DATABASE_URL is listed twice']],
  ['env value is a mapping', variant('    LOG_LEVEL: info', '    LOG_LEVEL: { level: info }'), ['test.yaml:10 container/env/LOG_LEVEL: should be a string, number or boolean (got a mapping); quote the value']],
  ['env key is not a variable name', variant('    LOG_LEVEL: info', '    log-level: info'), ['test.yaml:10 container/env/log-level: "log-level" is not a valid variable name']],
  ['unset ${VAR}', variant('  listen: 127.0.0.1:8080', '  listen: ${ROUTER_LISTEN}'), ['test.yaml:18 router/listen: ${ROUTER_LISTEN} is not set in the environment; export ROUTER_LISTEN=... before running ferry, or give a default: ${ROUTER_LISTEN:-value}']],
  ['image name with a tag', variant('  name: ferry/demo-app', '  name: ferry/demo:v1'), ['test.yaml:3 image/name: should not include a tag (got "ferry/demo:v1"); write name: ferry/demo and pass the tag with --tag v1 (or IMAGE_TAG)']],
  ['image name with a digest', variant('  name: ferry/demo-app', '  name: ferry/demo@sha256:abc'), ['test.yaml:3 image/name: should not include a digest']],
  ['image name uppercase', variant('  name: ferry/demo-app', '  name: Ferry/Demo-App'), ['test.yaml:3 image/name: should be lowercase (got "Ferry/Demo-App"); docker repository names are lowercase: name: ferry/demo-app']],
  ['image name with spaces', variant('  name: ferry/demo-app', '  name: ferry/demo app'), ['test.yaml:3 image/name: should be a docker repository name']],
  ['registry with only username_env', variant('  build:', '  registry: { url: 127.0.0.1:5000, username_env: REGISTRY_USER }\n  build:'), ['test.yaml:4 image/registry: username_env and password_env go together (only username_env given); add password_env']],
  ['registry url with a scheme', variant('  build:', '  registry: { url: "https://127.0.0.1:5000" }\n  build:'), ['test.yaml:4 image/registry/url: should be host[:port] without a scheme or path (got "https://127.0.0.1:5000"); e.g. url: 127.0.0.1:5000']],
  ['health path without a slash', variant('  path: /health', '  path: health'), ['test.yaml:13 health/path: should start with "/" and contain no spaces (got "health"); e.g. path: /health']],
  ['deploy_timeout shorter than interval', variant('  deploy_timeout: 60s', '  deploy_timeout: 500ms'), ['test.yaml:16 health/deploy_timeout: should be at least health/interval (500ms < 1s)']],
  ['timeout longer than deploy_timeout', variant('  timeout: 2s', '  timeout: 2m'), ['test.yaml:15 health/timeout: should be at most health/deploy_timeout (2m > 1m)']],
  ['app name with capitals', variant('app: demo', 'app: Demo_App'), ['test.yaml:1 app: should be lowercase letters, digits and "-", starting with a letter or digit (got "Demo_App"); e.g. app: demo']],
  ['database migrate as a string', `${BASE_YAML}database:\n  url_env: DATABASE_URL\n  migrate: node migrate.js up\n`, ['test.yaml:29 database/migrate: should be a list', 'a command as a list, run in the new image, e.g. migrate: [node, migrate.js, up]']],
  ['database migrate empty list', `${BASE_YAML}database:\n  url_env: DATABASE_URL\n  migrate: []\n`, ['test.yaml:29 database/migrate: should be a command as a list, e.g. [node, migrate.js, up]']],
  ['database url_env missing', `${BASE_YAML}database:\n  migrate: [node, migrate.js, up]\n`, ['database/url_env: is required; the NAME of the variable holding the connection url, e.g. url_env: DATABASE_URL']],
  ['database url_env a url', `${BASE_YAML}database:\n  url_env: "postgres://u:p@h/db"\n`, ['test.yaml:28 database/url_env: should be a variable name']],
  ['database timeout garbage', `${BASE_YAML}database:\n  url_env: DATABASE_URL\n  timeout: forever\n`, ['test.yaml:29 database/timeout: should be a duration like "2s" (got "forever")']],
  ['database retain 0', `${BASE_YAML}database:\n  url_env: DATABASE_URL\n  backup: { retain: 0 }\n`, ['test.yaml:29 database/backup/retain: should be a whole number ≥ 1 (got 0); how many backups to keep']],
  ['database restore_on_failure yes', `${BASE_YAML}database:\n  url_env: DATABASE_URL\n  restore_on_failure: yes\n`, ['test.yaml:29 database/restore_on_failure: should be true or false (got "yes")']],
  ['database unknown key', `${BASE_YAML}database:\n  url_env: DATABASE_URL\n  migrte: [x]\n`, ['test.yaml:29 database/migrte: unknown key (known: url_env, backup, migrate, dry_run, verify, timeout, restore_on_failure); did you mean "migrate"?']],
  ['probe rate too high', `${BASE_YAML}probe: { rate: 5000 }\n`, ['test.yaml:27 probe/rate: should be 1-200 requests per second']],
  ['verify status out of range', `${BASE_YAML}verify:\n  endpoints:\n    - { path: /health, status: 999 }\n`, ['verify/endpoints/0/status', 'should be an HTTP status 100-599']],
  ['verify endpoint without a slash', `${BASE_YAML}verify:\n  endpoints:\n    - { path: health }\n`, ['verify/endpoints/0/path: should start with "/"']],
  ['verify.version without a form', `${BASE_YAML}verify:\n  version: { path: /version }\n`, ['test.yaml:28 verify/version: needs json_field or body_matches; write json_field: version (the JSON answer\'s field equal to the tag) or body_matches: "^{tag}\\\\s*$"']],
  ['verify.version with both forms', `${BASE_YAML}verify:\n  version: { path: /version, json_field: version, body_matches: "{tag}" }\n`, ['test.yaml:28 verify/version: takes json_field or body_matches, not both; write json_field']],
  ['verify.version body_matches without {tag}', `${BASE_YAML}verify:\n  version:\n    path: /version\n    body_matches: "^v1$"\n`, ['test.yaml:30 verify/version/body_matches: should contain {tag} where the active tag appears (got "^v1$"); e.g. body_matches: "^{tag}\\\\s*$"']],
  ['verify.version body_matches not a regular expression', `${BASE_YAML}verify:\n  version:\n    path: /version\n    body_matches: "({tag}"\n`, ['test.yaml:30 verify/version/body_matches: is not a valid regular expression (Unterminated group) (got "({tag}")']],
  ['verify.version json_field with a space', `${BASE_YAML}verify:\n  version:\n    path: /version\n    json_field: "build tag"\n`, ['test.yaml:30 verify/version/json_field: should be a field name, dotted for a nested one (e.g. version, build.tag) (got "build tag"); the JSON field equal to the tag']],
  ['verify.version without a path', `${BASE_YAML}verify:\n  version:\n    json_field: version\n`, ['test.yaml:28 verify/version/path: is required; the path that reports the version, e.g. path: /version']],
  ['verify.version misspelt key', `${BASE_YAML}verify:\n  version:\n    path: /version\n    json_feild: version\n`, ['test.yaml:30 verify/version/json_feild: unknown key (known: path, json_field, body_matches); did you mean "json_field"?']],
  ['bad threshold expression', `${BASE_YAML}loadtest:\n  thresholds:\n    http_req_duration: ['p95<500']\n`, ['test.yaml:29 loadtest/thresholds/http_req_duration/0: "p95<500" is not a threshold expression']],
  ['bad scan severity', `${BASE_YAML}scan: { fail_on: [SEVERE] }\n`, ['test.yaml:27 scan/fail_on/0: should be one of "CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN" (got "SEVERE")']],
  ['notify with a url instead of a name', `${BASE_YAML}notify: { webhook_env: "https://hooks.example/x" }\n`, ['test.yaml:27 notify/webhook_env: should be a variable name']],
  ['snippet with an unclosed block', variant('  ports:', '  snippet: "location /x {"\n  ports:'), ['test.yaml:19 router/snippet: line 1 of the snippet: this "{" is never closed; it is placed inside the server block']],
  ['snippet that leaves the server block', variant('  ports:', '  snippet: "# {\\n}\\nserver { listen 0.0.0.0:8081; root /; autoindex on; }\\nserver { # }"\n  ports:'), [
    'test.yaml:19 router/snippet: line 2 of the snippet: this "}" would close the server block the snippet is placed in; a snippet may only close blocks it opens itself',
    'test.yaml:19 router/snippet: line 3 of the snippet: "listen" is not allowed: it would open another socket, beside router/listen; remove it; only if this file is as trusted as root on the deploy host, set router/snippet_unsafe: true',
    'test.yaml:19 router/snippet: line 3 of the snippet: "root" is not allowed',
  ]],
  ['snippet_unsafe not a boolean', variant('  ports:', '  snippet_unsafe: "yes"\n  ports:'), ['test.yaml:19 router/snippet_unsafe: should be true or false (got "yes"); write true or false (unquoted); true trusts the snippet like root']],
];

describe('loadEnvironment rejects bad files with exit 2 and a precise message', () => {
  it.each(BAD_FILES)('%s', async (_name, yaml, fragments) => {
    const error = await failure(yaml);
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  });

  it('reports every problem at once, one per line, in file order', async () => {
    const yaml = variant('  interval: 1s', '  interval: soon').replace('  retain: 3', '  retain: 0').replace('app: demo', 'app: demo\ncolour: blue');
    const lines = (await failure(yaml)).message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/test\.yaml:2 colour: unknown key/);
    expect(lines[1]).toMatch(/test\.yaml:15 health\/interval: should be a duration like "2s"/);
    expect(lines[2]).toMatch(/test\.yaml:26 strategy\/retain: should be a whole number ≥ 1/);
  });
});

describe('router.snippet_unsafe', () => {
  it('true lets the snippet use a refused directive; leaving the server block stays refused', async () => {
    await box.write('test.yaml', variant('  ports:', '  snippet: "access_log off;"\n  snippet_unsafe: true\n  ports:'));
    const config = await loadEnvironment({ environmentsDir: box.envDir, env: 'test', processEnv: {} });
    expect(config.router.snippet).toBe('access_log off;');
    const error = await failure(variant('  ports:', '  snippet: "access_log off; }"\n  snippet_unsafe: true\n  ports:'));
    expect(error.message).toContain('test.yaml:19 router/snippet: line 1 of the snippet: this "}" would close the server block');
    expect(error.message).not.toContain('access_log');
  });
});

describe('loadEnvironment rejects bad environment names and directories', () => {
  it.each<[string, string, string, string[]]>([
    ['unknown environment', 'envDir', 'staging2', ['--env staging2: unknown environment (available: test;', '/environments for staging2.yaml)']],
    ['path traversal', 'envDir', '../etc', ['--env "../etc": an environment name is lowercase letters, digits']],
    ['upper-case name', 'envDir', 'Staging', ['--env "Staging": an environment name']],
    ['missing environments dir', 'missing', 'staging', ['environments directory not found:', '/does-not-exist; run ferry from the project root or pass --environments DIR']],
  ])('%s', async (_name, dirKind, env, fragments) => {
    await box.write('test.yaml', BASE_YAML);
    const environmentsDir = dirKind === 'envDir' ? box.envDir : `${box.root}/does-not-exist`;
    const error = await loadEnvironment({ environmentsDir, env, processEnv: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    for (const fragment of fragments) expect((error as ConfigError).message).toContain(fragment);
  });
});

describe('config files are regular files inside the environments directory; their text is never echoed', () => {
  const load = (env: string) => loadEnvironment({ environmentsDir: box.envDir, env, processEnv: {} });
  const refused = async (env: string) => {
    const error = await load(env).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    return (error as ConfigError).message;
  };

  it('a YAML syntax error is named by file, line and column; the line is not quoted', async () => {
    const message = (await failure(variant('app: demo', 'app: demo: s3cr3t-value'))).message;
    expect(message).toBe(`${path.join(box.envDir, 'test.yaml')}:1 invalid YAML: Nested mappings are not allowed in compact mappings at line 1, column 6`);
  });

  it('an environment file linked from outside is refused, naming the link and the fix; one linked inside is read', async () => {
    const outside = path.join(box.root, 'outside.yaml');
    await writeFile(outside, 'app: demo: s3cr3t-value\n', { mode: 0o600 });
    await rm(path.join(box.envDir, 'linked.yaml'), { force: true });
    await symlink(outside, path.join(box.envDir, 'linked.yaml'));
    const message = await refused('linked');
    const dir = await realpath(box.envDir);
    expect(message).toBe(
      `${path.join(box.envDir, 'linked.yaml')} is a symbolic link to ${await realpath(outside)}, outside the environments directory ${dir}; ferry reads only regular files inside it: replace the link with the file itself (cp --remove-destination "$(readlink -f ${path.join(box.envDir, 'linked.yaml')})" ${path.join(box.envDir, 'linked.yaml')}), or point it inside ${dir}`,
    );
    await box.write('test.yaml', BASE_YAML);
    await rm(path.join(box.envDir, 'alias.yaml'), { force: true });
    await symlink('test.yaml', path.join(box.envDir, 'alias.yaml'));
    expect((await load('alias')).app).toBe('demo');
  });

  it('an env_file linked from outside, outside by its path, or with lines dotenv skips: refused, named by position, never echoed', async () => {
    const outside = path.join(box.root, 'private.env');
    await writeFile(outside, 'GREETING=s3cr3t-value\n', { mode: 0o600 });
    await rm(path.join(box.envDir, '.env.link'), { force: true });
    await symlink(outside, path.join(box.envDir, '.env.link'));
    const linked = await refused(((await box.write('test.yaml', variant('  env_file: .env.test', '  env_file: .env.link'))), 'test'));
    expect(linked).toContain(`test.yaml:8 container/env_file: .env.link is a symbolic link to ${await realpath(outside)}, outside the environments directory`);
    const up = await refused(((await box.write('test.yaml', variant('  env_file: .env.test', '  env_file: ../private.env'))), 'test'));
    expect(up).toContain(`test.yaml:8 container/env_file: ../private.env is outside the environments directory ${await realpath(box.envDir)}; ferry reads only regular files inside it`);
    await box.write('.env.bad', 'GREETING=hello\ns3cr3t-value\n\n# a comment\nexport OK=1\n-----BEGIN KEY-----\n');
    const bad = await refused(((await box.write('test.yaml', variant('  env_file: .env.test', '  env_file: .env.bad'))), 'test'));
    expect(bad.split('\n')).toEqual([
      `${path.join(box.envDir, 'test.yaml')}:8 container/env_file: .env.bad:2 is not a NAME=value line (dotenv would skip it; its text is not shown); write NAME=value, or start the line with # to make it a comment`,
      `${path.join(box.envDir, 'test.yaml')}:8 container/env_file: .env.bad:6 is not a NAME=value line (dotenv would skip it; its text is not shown); write NAME=value, or start the line with # to make it a comment`,
    ]);
    for (const message of [linked, up, bad]) expect(message).not.toContain('s3cr3t');
    await box.write('test.yaml', BASE_YAML);
  });
});
