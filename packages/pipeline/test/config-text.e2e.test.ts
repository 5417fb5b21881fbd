import Dockerode from 'dockerode';
// Config text is never echoed raw (issue 14 §6), through the built CLI: a link out of the environments
// directory is refused before it is read; a snippet that includes a private file is refused by
// `nginx -t` in `config check` and in deploy, and the file's content reaches no output, ledger, report or log.
import { chmod, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { HOST_ROUTER, makeEnvironment, readTree, type TestEnvironment } from './support/environment.js';
import { ROUTER_IMAGE } from './support/images.js';
import { servedVersion } from './support/served-version.js';

const SECRET = 'S3CRET_f3rry_value';
const yamlOf = (env: TestEnvironment) => path.join(env.environmentsDir, `${env.env}.yaml`);
const editYaml = async (env: TestEnvironment, edit: (yaml: string) => string) => writeFile(yamlOf(env), edit(await readFile(yamlOf(env), 'utf8')));
const containerIds = async (app: string) => (await new Dockerode().listContainers({ all: true, filters: { label: [`ferry.app=${app}`] } })).map((c) => c.Id).sort();
const withSnippet = (snippet: string) => (yaml: string) => yaml.replace(/^router:\n/m, `router:\n  snippet: ${JSON.stringify(snippet)}\n  snippet_unsafe: true\n`);

describe('config text is never echoed raw', () => {
  let env: TestEnvironment | undefined;
  afterEach(async () => {
    await env?.cleanup();
    env = undefined;
  });

  it('an environment file or env_file that links out of the environments directory: exit 2 naming the link and the fix, nothing read', async () => {
    env = await makeEnvironment();
    const privateFile = path.join(env.root, 'private.yaml');
    await writeFile(privateFile, `app: demo: ${SECRET}\n${SECRET}=1\n`, { mode: 0o600 });
    const link = path.join(env.environmentsDir, 'linked.yaml');
    await symlink(privateFile, link);
    for (const command of [['config', 'check'], ['deploy', '--tag', 'v1']]) {
      const run = await ferry([...command, '--environments', env.environmentsDir, '--env', 'linked']);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout + run.stderr).toContain(`${link} is a symbolic link to ${privateFile}, outside the environments directory ${env.environmentsDir}; ferry reads only regular files inside it: replace the link with the file itself (cp --remove-destination`);
      expect(run.stdout + run.stderr).not.toContain(SECRET);
    }
    await symlink(privateFile, path.join(env.environmentsDir, '.env.linked'));
    await editYaml(env, (y) => y.replace('network: bridge', 'network: bridge\n  env_file: .env.linked'));
    const check = await ferry(env.args('config', 'check'));
    expect(check.code, check.stderr).toBe(2);
    expect(check.stderr).toMatch(/test\.yaml:\d+ container\/env_file: \.env\.linked is a symbolic link to .*private\.yaml, outside the environments directory/);
    expect(check.stdout + check.stderr).not.toContain(SECRET);
  });

  it('host router: a snippet including a private file is refused by nginx -t in config check and deploy; its content is nowhere', async () => {
    env = await makeEnvironment();
    const privateFile = path.join(env.root, 'private.conf');
    await writeFile(privateFile, `${SECRET}=1;\n`, { mode: 0o600 });
    await chmod(privateFile, 0o600);
    await editYaml(env, withSnippet(`include ${privateFile};`));
    const check = await ferry(env.args('config', 'check'));
    expect(check.code, check.stderr).toBe(2);
    expect(check.stderr).toContain(`nginx: [emerg] unknown directive "…" in ${privateFile}:1`);
    const deploy = await ferry(env.args('deploy', '--tag', 'v1', '--json'));
    expect(deploy.code, deploy.stderr).toBe(2);
    expect(JSON.parse(deploy.stdout).message).toContain(`unknown directive "…" in ${privateFile}:1`);
    for (const said of [check.stdout, check.stderr, deploy.stdout, deploy.stderr, await readTree(env.stateDir)]) expect(said).not.toContain(SECRET);
  });

  it("router container: a snippet including a file of the router's image: config check and deploy refuse it; the content reaches no ledger, report or output; v1 serves", async () => {
    env = await makeEnvironment('', { monitor: '1s' });
    // a deadline far away: the health gate ends on the container's health, not on the machine's speed
    await editYaml(env, (y) => y.replace(HOST_ROUTER, `router:\n  runtime: container\n  image: ${ROUTER_IMAGE}\n`).replace('deploy_timeout: 20s', 'deploy_timeout: 10m'));
    const first = await ferry(env.args('deploy', '--tag', 'v1'));
    expect(first.code, first.stderr).toBe(0);
    await editYaml(env, withSnippet('include /etc/passwd;')); // root:x:0:0:… in the image: not nginx
    const check = await ferry(env.args('config', 'check'));
    expect(check.code, check.stderr).toBe(2);
    expect(check.stderr).toMatch(/router\/snippet: nginx rejected the config ferry would put into the router container \(nginx -t in a throwaway container of ferry\/router:local exited 1\): nginx: \[emerg\] .* in \/etc\/passwd:\d+; fix router\/snippet/);
    const before = await containerIds(env.app);
    const deploy = await ferry(env.args('deploy', '--tag', 'v2'));
    // the deploy's router check tests the new main config before anything changes: bad input, nothing started
    expect(deploy.code, deploy.stderr).toBe(2);
    expect(deploy.stdout + deploy.stderr).toMatch(/router\/snippet: nginx rejected .* in \/etc\/passwd:\d+; fix router\/snippet/);
    expect(await containerIds(env.app)).toEqual(before);
    for (const said of [check.stdout, check.stderr, deploy.stdout, deploy.stderr, await readTree(env.stateDir)]) expect(said).not.toMatch(/root:x:0|nologin/);
    expect(await servedVersion(env.routerUrl)).toBe('v1');
  });
});
