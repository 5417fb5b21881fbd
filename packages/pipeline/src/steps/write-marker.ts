import type { FlowTask } from '../flows/context.js';
import { routerUrl } from '../planning/names.js';

/** Before a rollback's switch: write a marker through the live version, for the integrity check after it. */
export function writeMarkerStep(): FlowTask {
  return {
    title: 'Write rollback-integrity marker',
    enabled: (ctx) => ctx.config.verify?.marker !== undefined,
    task: async (ctx, task) => {
      const { writeMarker } = await import('@ferry/verify-tests');
      const { path } = ctx.config.verify!.marker!;
      ctx.marker = { path, value: await writeMarker(routerUrl(ctx.config), path, ctx.signal) };
      task.title = `Write rollback-integrity marker: ${ctx.marker.value} via POST ${path}`;
    },
  };
}
