import type { FlowTask, StepRecord } from './context.js';

/** Wraps a step so the report learns its final title, state and duration; behaviour is unchanged. */
export function recordingStep(step: FlowTask): FlowTask {
  const skip = step.skip;
  return {
    ...step,
    ...(typeof skip === 'function' && {
      skip: async (ctx) => {
        const reason = await skip(ctx);
        if (reason) ctx.steps.push({ title: String(step.title), state: 'skipped', durationMs: null, note: typeof reason === 'string' ? reason : undefined });
        return reason;
      },
    }),
    task: async (ctx, task) => {
      const started = Date.now();
      const record: StepRecord = { title: String(step.title), state: 'done', durationMs: null };
      ctx.steps.push(record);
      try {
        return await step.task(ctx, task);
      } catch (error) {
        record.state = 'failed';
        record.note = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw error;
      } finally {
        record.durationMs = Date.now() - started;
        record.title = String(task.title ?? step.title);
      }
    },
  };
}
