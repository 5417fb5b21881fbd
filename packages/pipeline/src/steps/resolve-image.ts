import { assertDeliverable } from '../planning/image-delivery.js';
import { imageRef } from '../planning/names.js';
import type { FlowTask } from '../flows/context.js';
import { requireLocalImage } from './plan.js';

/** For commands that run the image without deploying it: it must exist on the build engine, or be buildable, and reach the environment's engine. */
export function resolveImageStep(): FlowTask {
  return {
    title: 'Resolve image',
    task: async (ctx, task) => {
      assertDeliverable(ctx.config);
      const ref = imageRef(ctx.config, ctx.tag);
      if (ctx.config.image.build) {
        task.title = `Resolve image: ${ref} (built from ${ctx.config.image.build.context})`;
        return;
      }
      ctx.imageId = await requireLocalImage(ctx.ports.builder, ref, ctx.config.file);
      task.title = `Resolve image: ${ref} (local)`;
    },
  };
}
