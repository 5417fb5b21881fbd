import { imageRef } from '../planning/names.js';
import type { FlowTask } from '../flows/context.js';
import { reportDockerProgress } from '../flows/progress-events.js';

/** Build the image from image/build; without it the image must already exist locally. */
export function buildStep(): FlowTask {
  return {
    title: 'Build image',
    skip: (ctx) => (ctx.config.image.build ? false : 'no image/build configured: using the local image'),
    task: async (ctx, task) => {
      const build = ctx.config.image.build!;
      const tag = imageRef(ctx.config, ctx.tag);
      task.title = `Build ${tag}`;
      let steps = 0;
      const { imageId } = await ctx.ports.builder.build(
        { context: build.context, dockerfile: build.dockerfile, args: build.args, tag, labels: { 'ferry.app': ctx.config.app } },
        (progress) => {
          if (progress.kind === 'build-step') steps += 1;
          reportDockerProgress(ctx, task, progress);
        },
        ctx.signal,
      );
      ctx.imageId = imageId;
      task.title = `Build ${tag} (${steps} steps, ${imageId.slice(7, 19)})`;
    },
  };
}
