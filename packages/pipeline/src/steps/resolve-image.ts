import { imageRef } from '../planning/names.js';
import type { FlowTask } from '../flows/context.js';
import { requireLocalImage } from './plan.js';

/** For commands that run the image without deploying it: it must exist, or be buildable. */
export function resolveImageStep(): FlowTask {
  return {
    title: 'Resolve image',
    task: async (ctx, task) => {
      const ref = imageRef(ctx.config, ctx.tag);
      if (ctx.config.image.build) {
        task.title = `Resolve image: ${ref} (built from ${ctx.config.image.build.context})`;
        return;
      }
      ctx.imageId = await requireLocalImage(ctx.ports.docker, ref, ctx.config.file);
      task.title = `Resolve image: ${ref} (local)`;
    },
  };
}
