import type { FlowContext } from '../flows/context.js';

/** Whether this deploy runs as a canary: the file's strategy (or --strategy) says so and a stable release serves (a first release has nothing to compare with). */
export const runsCanary = (ctx: FlowContext): boolean => ctx.config.strategy.type === 'canary' && ctx.active !== null;
