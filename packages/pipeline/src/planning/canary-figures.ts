// Pure: what the requests of one canary step show, per colour: how many, how many failed, their p95.
import { percentile } from '@ferry/shared';
import type { ProbeSample } from './probe-figures.js';

export interface ColourFigures {
  requests: number;
  failures: number;
  p95Ms: number;
}

/** The canary's and the stable colour's figures, and where the requests were counted. */
export interface StepFigures {
  canary: ColourFigures;
  stable: ColourFigures;
  source: 'access log' | 'probe'; // the router's log holds every request (users' and the probe's); the probe only its own
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function figuresOf(samples: readonly ProbeSample[]): ColourFigures {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { requests: samples.length, failures: samples.filter((s) => !s.ok).length, p95Ms: round(percentile(sorted, 95)) };
}

/** The requests started in [from, to), split by the colour that answered; a request no colour answered counts as neither. */
export function stepFigures(samples: readonly ProbeSample[], colours: { canary: string; stable: string }, from: number, to: number, source: StepFigures['source']): StepFigures {
  const inStep = samples.filter((s) => s.at >= from && s.at < to);
  return {
    canary: figuresOf(inStep.filter((s) => s.colour === colours.canary)),
    stable: figuresOf(inStep.filter((s) => s.colour === colours.stable)),
    source,
  };
}
