import type { HealthState } from '../ports/docker/types.js';

export type HealthVerdict = { kind: 'healthy' } | { kind: 'waiting'; why: string } | { kind: 'dead'; why: string };

/** Healthy means the HTTP probe answers 2xx AND Docker's HEALTHCHECK (when the image has one) agrees. */
export function healthVerdict(input: { state: string; docker: HealthState; httpOk: boolean; httpWhy: string }): HealthVerdict {
  if (input.state !== 'running') return { kind: 'dead', why: `container is ${input.state}` };
  if (!input.httpOk) return { kind: 'waiting', why: input.httpWhy };
  if (input.docker === 'healthy' || input.docker === 'none') return { kind: 'healthy' };
  return { kind: 'waiting', why: `HTTP ok, Docker HEALTHCHECK is ${input.docker}` };
}

/** A colour of several replicas is healthy when every one is; the first dead, else the first waiting, names itself. */
export function everyReplica(checked: { name: string; verdict: HealthVerdict }[]): HealthVerdict {
  const named = (found: { name: string; verdict: HealthVerdict } | undefined) => {
    if (!found || found.verdict.kind === 'healthy') return undefined;
    return checked.length === 1 ? found.verdict : { kind: found.verdict.kind, why: `replica ${found.name}: ${found.verdict.why}` };
  };
  return named(checked.find((c) => c.verdict.kind === 'dead')) ?? named(checked.find((c) => c.verdict.kind === 'waiting')) ?? { kind: 'healthy' };
}
