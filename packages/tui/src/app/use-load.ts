import { useEffect, useState } from 'react';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; message: string };

/** Run an async load once per key; aborted (and ignored) when the screen goes away. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    load(controller.signal).then(
      (value) => !controller.signal.aborted && setLoaded({ state: 'ok', value }),
      (error: unknown) => !controller.signal.aborted && setLoaded({ state: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key names the load
  }, [key]);
  return loaded;
}
