// engine.host picks the engine every command talks to, over DOCKER_HOST; a malformed one changes nothing (exit 2).
import { access, appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferry } from './support/ferry.js';
import { makeEnvironment, type TestEnvironment } from './support/environment.js';

// An address where no engine answers: a closed loopback port.
const NO_ENGINE = 'tcp://127.0.0.1:9';

describe('engine.host', () => {
  let env: TestEnvironment;
  const file = () => path.join(env.environmentsDir, `${env.env}.yaml`);
  beforeAll(async () => {
    env = await makeEnvironment('', { monitor: '0s' });
  });
  afterAll(async () => env?.cleanup());

  it('a malformed engine.host is exit 2 naming the file, line and key with the fix, and nothing is created', async () => {
    await appendFile(file(), 'engine:\n  host: 10.0.0.5:2375\n');
    for (const command of [['status'], ['deploy', '--tag', 'v1'], ['logs'], ['remove', '--yes']]) {
      const run = await ferry(env.args(...command));
      expect(run.code, `${command[0]}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(/test\.yaml:\d+ engine\/host: should be a Docker engine address.*\(got "10\.0\.0\.5:2375"\); e\.g\. host: tcp:\/\//);
    }
    await expect(access(env.stateDir)).rejects.toThrow(); // not even the state dir
  });

  it('without engine.host, DOCKER_HOST names the engine; a malformed DOCKER_HOST is exit 2 naming it', async () => {
    await writeFile(file(), (await readFile(file(), 'utf8')).replace(/engine:\n {2}host: .*\n/, ''));
    const nowhere = await ferry(env.args('status'), { DOCKER_HOST: NO_ENGINE });
    expect(nowhere.code).not.toBe(0);
    expect(nowhere.stderr).toContain(`Docker engine did not answer at ${NO_ENGINE}`);
    const malformed = await ferry(env.args('status'), { DOCKER_HOST: 'http://127.0.0.1:9' });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/DOCKER_HOST=http:\/\/127\.0\.0\.1:9: scheme http:\/\/ is not supported/);
  });

  it('engine.host wins over DOCKER_HOST, and status names the engine and where it came from', async () => {
    await appendFile(file(), 'engine:\n  host: unix:///var/run/docker.sock\n');
    const run = await ferry(env.args('status'), { DOCKER_HOST: NO_ENGINE });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^engine: {2}unix:\/\/\/var\/run\/docker\.sock \(engine\.host\)$/m);
    expect(JSON.parse((await ferry(env.args('status', '--json'), { DOCKER_HOST: NO_ENGINE })).stdout)).toMatchObject({ engine: 'unix:///var/run/docker.sock (engine.host)' });
  });
});
