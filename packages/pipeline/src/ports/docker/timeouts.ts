// Every call to the engine is bounded, so a hung engine or registry cannot hold the deploy lock forever.
// Short API calls get a whole-call deadline (engine.request_timeout). Streams (build, push, import) get an
// idle deadline (engine.stream_idle_timeout): docker-modem's own `timeout` is a socket idle timeout on EVERY
// request, which would also cut a quiet `docker logs --follow`, so Ferry bounds each call itself.
import type { Readable } from 'node:stream';
import { formatDuration } from '../../config/duration.js';
import { FerryError } from '../../errors.js';

export interface EngineTimeouts {
  requestMs: number; // whole short API call: ping, inspect, list, create, start, stop, remove, tag…
  streamIdleMs: number; // longest silence of a build, push or import stream
}

export const DEFAULT_ENGINE_TIMEOUTS: EngineTimeouts = { requestMs: 30_000, streamIdleMs: 600_000 };

/** The bounds an environment file's engine section sets. */
export function engineTimeouts(engine: { requestTimeoutMs: number; streamIdleTimeoutMs: number }): EngineTimeouts {
  return { requestMs: engine.requestTimeoutMs, streamIdleMs: engine.streamIdleTimeoutMs };
}

/** What was asked of the engine: a short request or a stream that answers as it goes. */
export interface EngineCall {
  kind: 'request' | 'stream';
  what: string; // e.g. "inspect container demo-staging-blue"
}

/** The message of a call the engine did not answer in time: the engine, the call, the bound and the key to raise. */
export function describeEngineTimeout(call: EngineCall, address: string, timeouts: EngineTimeouts): string {
  if (call.kind === 'request') {
    return (
      `Docker engine at ${address} did not answer ${call.what} within ${formatDuration(timeouts.requestMs)} (engine.request_timeout). ` +
      'The engine is hung or overloaded: check it (`docker info`), or raise engine.request_timeout in the environment file.'
    );
  }
  return (
    `Docker engine at ${address} sent nothing for ${formatDuration(timeouts.streamIdleMs)} during ${call.what} (engine.stream_idle_timeout). ` +
    'The engine or the registry is hung: check them (`docker info`), or raise engine.stream_idle_timeout in the environment file ' +
    'if a step legitimately stays silent that long.'
  );
}

export class EngineTimeoutError extends FerryError {}

/** The message of a call cut short by the command's signal (Ctrl+C, SIGTERM) or a deadline of the caller's. */
export function describeEngineCancel(call: EngineCall, address: string, reason: unknown): string {
  const why = reason instanceof Error ? reason.message : String(reason ?? 'cancelled');
  return `${call.what} on the Docker engine at ${address} was cut short (${why})`;
}

export class EngineCancelledError extends FerryError {}

/** Run one short call with a signal that fires at the deadline or when `outer` aborts; a late answer is ignored. */
export async function withDeadline<T>(
  ms: number,
  onTimeout: () => Error,
  run: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
  onCancel: (reason: unknown) => Error = (reason) => (reason instanceof Error ? reason : new Error(String(reason))),
): Promise<T> {
  if (outer?.aborted) throw onCancel(outer.reason);
  const deadline = new AbortController();
  const signal = outer ? AbortSignal.any([deadline.signal, outer]) : deadline.signal;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  // Not every dockerode call honours the signal (image inspect does not): the race bounds those too,
  // and ends the call the moment `outer` aborts, whatever the engine does.
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      deadline.abort();
      reject(onTimeout());
    }, ms);
    onAbort = () => reject(onCancel(outer!.reason));
    outer?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([run(signal), expired]);
  } finally {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener('abort', onAbort);
  }
}

/** Destroy `stream` with `onIdle()` when it stays silent for `ms`; returns a function that stops the watch. */
export function watchIdle(stream: Readable, ms: number, onIdle: () => Error): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stream.destroy(onIdle()), ms);
  };
  const stop = () => {
    clearTimeout(timer);
    stream.off('data', arm);
  };
  stream.on('data', arm);
  stream.once('close', stop);
  arm();
  return stop;
}
