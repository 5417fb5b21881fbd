import { ListrLogger, ProcessOutput, type ListrBaseClassOptions, type ListrRendererFactory } from 'listr2';
import type { FlowContext } from './context.js';
import type { ProgressListener } from './progress-events.js';

/** A renderer supplied by the caller (the TUI's Ink renderer), fed listr2's task events. */
export interface CustomRender {
  renderer: ListrRendererFactory;
  options?: Record<string, unknown>;
  onProgress?: ProgressListener; // the steps' progress as typed events (listr2 itself only carries their lines)
}

export type RenderMode = 'tty' | 'plain' | CustomRender;

/** listr2's animated renderer in a terminal, the line-per-event one otherwise; both write to stderr. */
export function listrOptions(mode: RenderMode): ListrBaseClassOptions<FlowContext> {
  const processOutput = new ProcessOutput(process.stderr, process.stderr);
  const logger = new ListrLogger({ useIcons: mode === 'tty', processOutput });
  const common = { concurrent: false, exitOnError: true, registerSignalListeners: false }; // the caller owns Ctrl+C: it aborts the flow so rollbacks run
  if (typeof mode === 'object') {
    return { ...common, renderer: mode.renderer, rendererOptions: mode.options ?? {}, fallbackRenderer: mode.renderer, fallbackRendererOptions: mode.options ?? {} } as unknown as ListrBaseClassOptions<FlowContext>;
  }
  return {
    ...common,
    renderer: mode === 'tty' ? 'default' : 'simple',
    fallbackRenderer: 'simple',
    rendererOptions: { logger, collapseSubtasks: false, collapseErrors: false, showErrorMessage: true },
    fallbackRendererOptions: { logger },
  } as ListrBaseClassOptions<FlowContext>;
}
