import { engineHostText } from '../config/engine-host.js';
import type { FlowTask } from '../flows/context.js';
import { pullRelease } from '../flows/deliver-image.js';
import { reportDockerProgress } from '../flows/progress-events.js';
import { deliversThroughRegistry } from '../planning/image-delivery.js';

/** The environment's engine, when it is not the build engine, pulls the pushed image (pinned: same ID); a cold rollback, the kept one it lost. */
export function pullStep(): FlowTask {
  return {
    title: 'Pull image',
    skip: (ctx) => {
      if (!deliversThroughRegistry(ctx.config)) return 'the environment\'s engine is the build engine';
      // a cold rollback pulls only an image the environment's engine no longer has
      return ctx.rollbackPlan?.kind === 'cold' && !ctx.rollbackPlan.pull ? `${ctx.rollbackPlan.target.image} is on the environment's engine` : false;
    },
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
