import { engineHostText } from '../config/engine-host.js';
import type { FlowTask } from '../flows/context.js';
import { pullRelease } from '../flows/deliver-image.js';
import { reportDockerProgress } from '../flows/progress-events.js';
import { deliversThroughRegistry } from '../planning/image-delivery.js';

/** The environment's engine, when it is not the build engine, pulls the pushed image (pinned: same ID). */
export function pullStep(): FlowTask {
  return {
    title: 'Pull image',
    skip: (ctx) => (deliversThroughRegistry(ctx.config) ? false : 'the environment\'s engine is the build engine'),
    task: async (ctx, task) => {
      const engine = engineHostText(ctx.config.engine.host);
      task.title = `Pull image on ${engine}`;
      const { ref, imageId } = await pullRelease(ctx.ports, ctx.config, { tag: ctx.tag, imageId: ctx.imageId, digest: ctx.digest ?? null }, (progress) =>
        reportDockerProgress(ctx, task, progress),
      );
      ctx.imageId = imageId;
      task.title = `Pull ${ref} on ${engine} (${imageId.slice(7, 19)})`;
    },
  };
}
