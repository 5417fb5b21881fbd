// The listr2 renderers' one way to the terminal: every write passes through the command's redactor.

/** `stream` with each write masked; the rest (isTTY, columns, events) is the stream's own. */
export function redactingStream<S extends NodeJS.WriteStream>(stream: S, redact: (text: string) => string): S {
  const masked = (chunk: unknown, ...rest: unknown[]) =>
    (stream.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' || Buffer.isBuffer(chunk) ? redact(chunk.toString()) : chunk, ...rest);
  let write: unknown = masked; // listr2 swaps `write` while it draws (hijack/release): keep the swap on this view, never on the real stream
  return new Proxy(stream, {
    get: (target, key) => {
      if (key === 'write') return write;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (target, key, value) => {
      if (key !== 'write') return Reflect.set(target, key, value, target);
      write = value;
      return true;
    },
  });
}
