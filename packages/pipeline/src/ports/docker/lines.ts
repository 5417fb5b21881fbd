/** Turns chunks into whole lines for `onLine`, keeping the last `keep` lines for error messages. */
export function lineCollector(onLine: (line: string) => void, keep = 20) {
  let partial = '';
  const tail: string[] = [];
  const emit = (line: string) => {
    tail.push(line);
    if (tail.length > keep) tail.shift();
    onLine(line);
  };
  return {
    write(chunk: Buffer | string): void {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) emit(line.replace(/\r$/, ''));
    },
    /** Emits a last line that had no newline. */
    end(): void {
      if (partial) emit(partial);
      partial = '';
    },
    tail: (): string[] => [...tail],
  };
}
