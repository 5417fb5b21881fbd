import { ListrLogger, ProcessOutput, type ListrBaseClassOptions } from 'listr2';
import type { FlowContext } from './context.js';

export type RenderMode = 'tty' | 'plain';

/** listr2's animated renderer in a terminal, the line-per-event one otherwise; both write to stderr. */
export function listrOptions(mode: RenderMode): ListrBaseClassOptions<FlowContext> {
  const processOutput = new ProcessOutput(process.stderr, process.stderr);
  const logger = new ListrLogger({ useIcons: mode === 'tty', processOutput });
  return {
    concurrent: false,
    exitOnError: true,
    registerSignalListeners: false, // the CLI owns Ctrl+C: it aborts the flow so rollbacks run
    renderer: mode === 'tty' ? 'default' : 'simple',
    fallbackRenderer: 'simple',
    rendererOptions: { logger, collapseSubtasks: false, collapseErrors: false, showErrorMessage: true },
    fallbackRendererOptions: { logger },
  } as ListrBaseClassOptions<FlowContext>;
}
