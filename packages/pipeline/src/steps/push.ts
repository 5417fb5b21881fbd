import { registryAuth } from '../config/index.js';
import { imageRef } from '../planning/names.js';
import type { FlowTask } from '../flows/context.js';
import { reportDockerProgress } from '../flows/progress-events.js';

/** Push to image/registry when one is configured; the deploy itself runs the local image. */
export function pushStep(): FlowTask {
  return {
    title: 'Push image',
    skip: (ctx) => (ctx.config.image.registry ? false : 'no image/registry configured'),
    task: async (ctx, task) => {
      const registry = ctx.config.image.registry!;
      const source = imageRef(ctx.config, ctx.tag);
      const remote = `${registry.url}/${ctx.config.image.name}:${ctx.tag}`;
      await ctx.ports.docker.tag(ctx.imageId ?? source, remote); // the pinned image, not whatever the tag names now
      task.title = `Push ${remote}`;
      let lastBytesAt = 0;
      const { digest } = await ctx.ports.docker.push(remote, registryAuth(ctx.config, process.env), (progress) => {
        // Byte counters arrive hundreds of times a second: a few per second are enough to watch.
        if (progress.kind === 'push-bytes') {
          if (Date.now() - lastBytesAt < 250) return;
          lastBytesAt = Date.now();
        }
        reportDockerProgress(ctx, task, progress);
      });
      ctx.digest = digest;
      task.title = `Push ${remote}${digest ? ` (${digest})` : ''}`;
    },
  };
}
