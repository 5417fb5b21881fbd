// The fix suggested for zod's built-in issues, by key path ("*" = any list index or map key).
export const HINTS: Record<string, string> = {
  '': 'start from environments/local.yaml; every key is described in environments/README.md',
  app: 'e.g. app: demo',
  image: 'e.g. image: { name: ferry/demo-app }',
  'image/name': 'e.g. name: ferry/demo-app (the tag comes from --tag)',
  'image/build': 'e.g. build: { context: ../examples/demo-app }',
  'image/build/context': 'a directory relative to the environment file, e.g. context: ../examples/demo-app',
  'image/build/dockerfile': 'relative to the context, e.g. dockerfile: Dockerfile',
  'image/build/args': 'e.g. args: { BASE_IMAGE: node:22-alpine }',
  'image/registry': 'e.g. registry: { url: 127.0.0.1:5000 }',
  'image/registry/url': 'e.g. url: 127.0.0.1:5000',
  'image/registry/username_env': 'the NAME of a variable holding the user, e.g. username_env: REGISTRY_USER',
  'image/registry/password_env': 'the NAME of a variable holding the password, e.g. password_env: REGISTRY_PASSWORD',
  container: 'e.g. container: { port: 3000 }',
  'container/port': 'the port the app listens on inside the container, e.g. port: 3000',
  'container/network': 'write network: bridge (default) or network: host',
  'container/env_file': 'a dotenv file relative to the environment file, e.g. env_file: .env.staging',
  'container/env': 'e.g. env: { LOG_LEVEL: info }',
  'container/secrets': 'a list of variable names, e.g. secrets: [DATABASE_URL]',
  'container/secrets/*': 'a variable name, e.g. DATABASE_URL',
  health: 'e.g. health: { path: /health, interval: 1s }',
  'health/path': 'e.g. path: /health',
  router: 'e.g. router: { listen: 127.0.0.1:8080, ports: { blue: 18081, green: 18082 } }',
  'router/driver': 'nginx is the only driver: driver: nginx',
  'router/listen': 'e.g. listen: 127.0.0.1:8080',
  'router/ports': 'e.g. ports: { blue: 18081, green: 18082 }',
  'router/ports/blue': 'e.g. blue: 18081',
  'router/ports/green': 'e.g. green: 18082',
  'router/snippet': 'nginx directives as text, e.g. snippet: "client_max_body_size 10m;"',
  strategy: 'e.g. strategy: { monitor: 10s, retain: 3 }',
  'strategy/type': 'blue-green is the only strategy: type: blue-green',
  'strategy/keep_previous': 'write true or false (unquoted)',
  'strategy/retain': 'how many releases to keep, e.g. retain: 3',
  approval: 'write approval: none or approval: required',
  state_dir: 'a directory relative to the environment file, e.g. state_dir: ../.ferry/staging',
};

export function hintFor(path: ReadonlyArray<string | number>): string | undefined {
  const exact = path.join('/');
  const wildcard = [...path.slice(0, -1), '*'].join('/');
  return HINTS[exact] ?? (path.length > 0 ? HINTS[wildcard] ?? HINTS[path.slice(0, -1).join('/')] : undefined);
}
