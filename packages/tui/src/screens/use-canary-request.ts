// p and a in the run view: the request goes to the running canary (`ferry promote|abort` from another shell sends
// it the same way); its answer is shown until the next one. One request at a time: a second key waits for the first.
import { useCallback, useRef, useState } from 'react';
import { handoffEffect, type CanaryRequest, type Handoff } from '@ferry/pipeline';

export type AskCanary = (request: CanaryRequest) => Promise<Handoff | null>;

/** The run's own canary's answer to p or a, short enough for one line. */
export function canaryAnswer(request: CanaryRequest, handoff: Handoff | null): string {
  if (!handoff) return `${request}: this run holds the deploy lock no more; nothing was asked`;
  return handoff.taken ? `the canary took the ${request} request: ${handoffEffect(request, true)}` : `the canary did not take the ${request} request in time: ${handoffEffect(request, false)}`;
}

export function useCanaryRequest(ask: AskCanary): { onCanary: (request: CanaryRequest) => void; notice: string | null; clear: () => void } {
  const [notice, setNotice] = useState<string | null>(null);
  const asking = useRef(false);
  const onCanary = useCallback(
    (request: CanaryRequest) => {
      if (asking.current) return;
      asking.current = true;
      setNotice(`${request} asked of the running canary…`);
      ask(request)
        .then(
          (handoff) => setNotice(canaryAnswer(request, handoff)),
          (error: unknown) => setNotice(`${request} failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => (asking.current = false));
    },
    [ask],
  );
  return { onCanary, notice, clear: useCallback(() => setNotice(null), []) };
}
