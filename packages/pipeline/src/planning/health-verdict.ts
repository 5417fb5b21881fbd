import type { HealthState } from '../ports/docker/types.js';

export type HealthVerdict = { kind: 'healthy' } | { kind: 'waiting'; why: string } | { kind: 'dead'; why: string };

/** Healthy means the HTTP probe answers 2xx AND Docker's HEALTHCHECK (when the image has one) agrees. */
export function healthVerdict(input: { state: string; docker: HealthState; httpOk: boolean; httpWhy: string }): HealthVerdict {
  if (input.state !== 'running') return { kind: 'dead', why: `container is ${input.state}` };
  if (!input.httpOk) return { kind: 'waiting', why: input.httpWhy };
  if (input.docker === 'healthy' || input.docker === 'none') return { kind: 'healthy' };
  return { kind: 'waiting', why: `HTTP ok, Docker HEALTHCHECK is ${input.docker}` };
}
