import type { FlowTask } from '../flows/context.js';
import { pushRelease } from '../flows/deliver-image.js';
import { reportDockerProgress } from '../flows/progress-events.js';
import { registryRefs } from '../planning/image-delivery.js';

/** Push to image/registry when one is configured, from the build engine. */
export function pushStep(): FlowTask {
  return {
    title: 'Push image',
    skip: (ctx) => (ctx.config.image.registry ? false : 'no image/registry configured'),
    task: async (ctx, task) => {
      task.title = `Push ${registryRefs(ctx.config, ctx.tag).pushed}`;
      let lastBytesAt = 0;
      const { ref, digest } = await pushRelease(ctx.ports, ctx.config, { tag: ctx.tag, imageId: ctx.imageId }, (progress) => {
        // Byte counters arrive hundreds of times a second: a few per second are enough to watch.
        if (progress.kind === 'push-bytes') {
          if (Date.now() - lastBytesAt < 250) return;
          lastBytesAt = Date.now();
        }
        reportDockerProgress(ctx, task, progress);
      });
      ctx.digest = digest;
      task.title = `Push ${ref}${digest ? ` (${digest})` : ''}`;
    },
  };
}
