import type { FlowContext } from '../flows/context.js';

/**
 * Whether this deploy (or promote of a staged release) runs as a canary: the file's strategy (or --strategy) says so and a
 * stable release serves (a first release has nothing to compare with). Promoting a canary a killed deploy left is its switch.
 */
export const runsCanary = (ctx: FlowContext): boolean => ctx.config.strategy.type === 'canary' && ctx.active !== null && ctx.inProgress?.kind !== 'canary';

/** strategy rolling, with a release serving: its replicas are replaced batch by batch behind one upstream (not a first release, a promote or a staged deploy). */
export const runsRolling = (ctx: FlowContext): boolean => ctx.config.strategy.type === 'rolling' && ctx.active !== null && ctx.inProgress === undefined && !ctx.options.noSwitch;
