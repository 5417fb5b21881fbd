// Which step a running canary is at: the router's split marker records the weight and colours only, so the deploy
// that sets a weight records its step beside it. `ferry status` believes the record only while that deploy holds
// the lock and its weight and canary are the router's: after a kill -9 the step is unknown, and status says so.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '@ferry/shared';
import { COLOURS, type Colour } from '../config/types.js';
import type { Split } from '../ports/router/types.js';
import type { LockStatus } from './lock.js';

const recordSchema = z.object({
  pid: z.number().int(),
  step: z.number().int().positive(), // 1-based
  steps: z.number().int().positive(),
  weight: z.number().int(),
  canary: z.object({ colour: z.enum(COLOURS as [Colour, ...Colour[]]), version: z.string() }),
  paused: z.boolean(), // held until `ferry promote` or `ferry abort`
});

export type CanaryPositionRecord = z.infer<typeof recordSchema>;

/** The split's canary as status shows it: the step when the running deploy recorded it, else null and why not. */
export interface CanaryStepView {
  weight: number;
  colour: Colour;
  version: string;
  step: number | null;
  steps: number | null;
  paused: boolean;
  unknownWhy?: string;
}

export async function writeCanaryPosition(file: string, record: CanaryPositionRecord): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(record)}\n`);
}

/** The record, or null when there is none or it is not one (torn, edited): never trusted half. */
export async function readCanaryPosition(file: string): Promise<CanaryPositionRecord | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Pure: the step of the router's split, from the record of the deploy holding the lock; never one it cannot vouch for. */
export function canaryStepOf(split: Split, record: CanaryPositionRecord | null, lock: LockStatus): CanaryStepView {
  const base = { weight: split.canaryPercent, colour: split.canary.colour, version: split.canary.version, step: null, steps: null, paused: false };
  if (lock.state !== 'held') return { ...base, unknownWhy: 'no deploy runs it any more (killed?): the router keeps the split as it was' };
  const matches = record && record.pid === lock.holder.pid && record.weight === split.canaryPercent && record.canary.colour === split.canary.colour && record.canary.version === split.canary.version;
  if (!matches) return { ...base, unknownWhy: 'the command holding the lock recorded no step for this split' };
  return { ...base, step: record.step, steps: record.steps, paused: record.paused };
}

/** "canary step 2/4: 25 % to green (v4)", or the weight with why its step is unknown. */
export function describeCanaryStep(view: CanaryStepView): string {
  const to = `${view.weight} % to ${view.colour} (${view.version})`;
  if (view.step === null) return `canary step unknown: ${to}; ${view.unknownWhy}`;
  return `canary step ${view.step}/${view.steps}: ${to}${view.paused ? ', paused until ferry promote or ferry abort' : ''}`;
}
