import { Listr } from 'listr2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Redactor } from '../config/redactor.js';
import type { FlowContext } from './context.js';
import { listrOptions } from './listr-options.js';

const SECRET = 's3cr3t+/=Key&x y"z';
const redactor = new Redactor([SECRET]);

// A real listr2 run whose titles, output and error all carry the secret, raw and encoded.
const leakyTasks = () =>
  new Listr<FlowContext>(
    [
      { title: `connect ${SECRET}`, task: async (_ctx, task) => void (task.output = `token=${encodeURIComponent(SECRET)}`) },
      {
        title: 'fails',
        task: async () => {
          throw new Error(`bad token ${JSON.stringify(SECRET)} / ${Buffer.from(SECRET).toString('base64')}`);
        },
      },
    ],
    listrOptions('plain', redactor),
  );

describe('listr output: the plain renderer writes through the redactor', () => {
  afterEach(() => vi.restoreAllMocks());

  it('masks titles, output lines and errors, raw and encoded', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(chunk.toString()), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(chunk.toString()), true));
    await expect(leakyTasks().run({} as FlowContext)).rejects.toThrow(/bad token/);
    const all = written.join('');
    expect(all).toContain('connect [REDACTED]');
    expect(all).toContain('token=[REDACTED]');
    expect(all).toContain('bad token "[REDACTED]" / [REDACTED]');
    for (const form of [SECRET, encodeURIComponent(SECRET), JSON.stringify(SECRET).slice(1, -1), Buffer.from(SECRET).toString('base64')]) expect(all).not.toContain(form);
  });

  it('hands a custom renderer (the TUI store) the redactor', () => {
    const options = listrOptions({ renderer: 'silent' as never, options: { store: 'x' } }, redactor) as { rendererOptions: { store: string; redact: (t: string) => string } };
    expect(options.rendererOptions.store).toBe('x');
    expect(options.rendererOptions.redact(`a ${SECRET} b`)).toBe('a [REDACTED] b');
  });
});
