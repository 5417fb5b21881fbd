import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeEngineCancel, describeEngineTimeout, watchIdle, withDeadline } from './timeouts.js';

const timeouts = { requestMs: 30_000, streamIdleMs: 600_000 };

describe('describeEngineTimeout', () => {
  it('names the engine, the short call, its bound and engine.request_timeout', () => {
    expect(describeEngineTimeout({ kind: 'request', what: 'list containers of demo/staging' }, 'DOCKER_HOST=unix:///tmp/hung.sock', timeouts)).toBe(
      'Docker engine at DOCKER_HOST=unix:///tmp/hung.sock did not answer list containers of demo/staging within 30s (engine.request_timeout). ' +
        'The engine is hung or overloaded: check it (`docker info`), or raise engine.request_timeout in the environment file.',
    );
  });

  it('names the engine, the stream, its idle bound and engine.stream_idle_timeout', () => {
    expect(describeEngineTimeout({ kind: 'stream', what: 'docker push of 127.0.0.1:5000/demo:v2' }, '/var/run/docker.sock (DOCKER_HOST unset)', timeouts)).toBe(
      'Docker engine at /var/run/docker.sock (DOCKER_HOST unset) sent nothing for 10m during docker push of 127.0.0.1:5000/demo:v2 (engine.stream_idle_timeout). ' +
        'The engine or the registry is hung: check them (`docker info`), or raise engine.stream_idle_timeout in the environment file ' +
        'if a step legitimately stays silent that long.',
    );
  });

  it('writes the configured bound, not the default', () => {
    expect(describeEngineTimeout({ kind: 'request', what: 'ping' }, 'x', { requestMs: 1500, streamIdleMs: 1 })).toContain('within 1s500ms (engine.request_timeout)');
  });
});

describe('withDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('rejects with the timeout error at the deadline and aborts the call', async () => {
    let seen: AbortSignal | undefined;
    const call = withDeadline(1000, () => new Error('too slow'), (signal) => {
      seen = signal;
      return new Promise(() => {}); // a hung engine never answers
    });
    const outcome = expect(call).rejects.toThrow('too slow');
    await vi.advanceTimersByTimeAsync(999);
    expect(seen!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
    expect(seen!.aborted).toBe(true);
  });

  it('passes an answer and a refusal through unchanged', async () => {
    await expect(withDeadline(1000, () => new Error('too slow'), async () => 'pong')).resolves.toBe('pong');
    const refusal = Object.assign(new Error('no such container'), { statusCode: 404 });
    await expect(withDeadline(1000, () => new Error('too slow'), async () => Promise.reject(refusal))).rejects.toBe(refusal);
  });

  it('aborts the call when the outer signal aborts (Ctrl+C)', async () => {
    const outer = new AbortController();
    let seen: AbortSignal | undefined;
    void withDeadline(1000, () => new Error('too slow'), async (signal) => {
      seen = signal;
      return new Promise(() => {});
    }, outer.signal).catch(() => undefined);
    outer.abort();
    expect(seen!.aborted).toBe(true);
  });

  it('ends a call that ignores its signal the moment the outer signal aborts, with the cancel error (image inspect ignores it)', async () => {
    const outer = new AbortController();
    const call = withDeadline(1000, () => new Error('too slow'), () => new Promise(() => {}), outer.signal, (reason) => new Error(`cut short (${(reason as Error).message})`));
    const outcome = expect(call).rejects.toThrow('cut short (interrupted by SIGTERM)');
    outer.abort(new Error('interrupted by SIGTERM'));
    await outcome;
  });

  it('starts no call once the outer signal has aborted (the undo of an abandoned run)', async () => {
    const outer = new AbortController();
    outer.abort(new Error('a second SIGTERM'));
    const run = vi.fn(async () => 'pong');
    await expect(withDeadline(1000, () => new Error('too slow'), run, outer.signal, () => new Error('abandoned'))).rejects.toThrow('abandoned');
    expect(run).not.toHaveBeenCalled();
  });
});

describe('describeEngineCancel', () => {
  it('names the call, the engine and why it was cut short', () => {
    expect(describeEngineCancel({ kind: 'request', what: 'inspect container demo-staging-green' }, 'unix:///var/run/docker.sock', new Error('interrupted by SIGTERM'))).toBe(
      'inspect container demo-staging-green on the Docker engine at unix:///var/run/docker.sock was cut short (interrupted by SIGTERM)',
    );
  });
});

describe('watchIdle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('destroys a stream silent for the bound with the given error', async () => {
    const stream = new PassThrough();
    const failed = new Promise<Error>((resolve) => stream.on('error', resolve));
    watchIdle(stream, 1000, () => new Error('silent'));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await failed).message).toBe('silent');
    expect(stream.destroyed).toBe(true);
  });

  it('keeps a stream that speaks more often than the bound, however long it lasts', async () => {
    const stream = new PassThrough();
    watchIdle(stream, 1000, () => new Error('silent'));
    for (let i = 0; i < 10; i += 1) {
      await vi.advanceTimersByTimeAsync(900);
      stream.write('progress\n');
    }
    expect(stream.destroyed).toBe(false);
    stream.end();
  });
});
