import { ListrLogger, ProcessOutput, type ListrBaseClassOptions, type ListrRendererFactory } from 'listr2';
import type { Redactor } from '../config/redactor.js';
import type { FlowContext } from './context.js';
import type { ProgressListener } from './progress-events.js';
import { redactingStream } from './redacting-stream.js';

/** A renderer supplied by the caller (the TUI's Ink renderer), fed listr2's task events. */
export interface CustomRender {
  renderer: ListrRendererFactory;
  options?: Record<string, unknown>;
  onProgress?: ProgressListener; // the steps' progress as typed events (listr2 itself only carries their lines)
}

export type RenderMode = 'tty' | 'plain' | CustomRender;

/** listr2's animated renderer in a terminal, the line-per-event one otherwise; both write to stderr, masked by the redactor. */
export function listrOptions(mode: RenderMode, redactor: Redactor): ListrBaseClassOptions<FlowContext> {
  const stderr = redactingStream(process.stderr, (text) => redactor.redact(text));
  const processOutput = new ProcessOutput(stderr, stderr);
  const logger = new ListrLogger({ useIcons: mode === 'tty', processOutput });
  const common = { concurrent: false, exitOnError: true, registerSignalListeners: false }; // the caller owns Ctrl+C: it aborts the flow so rollbacks run
  if (typeof mode === 'object') {
    // A custom renderer (the TUI's store) is handed the redactor: every text it keeps passes through it.
    const options = { ...mode.options, redact: (text: string) => redactor.redact(text) };
    return { ...common, renderer: mode.renderer, rendererOptions: options, fallbackRenderer: mode.renderer, fallbackRendererOptions: options } as unknown as ListrBaseClassOptions<FlowContext>;
  }
  return {
    ...common,
    renderer: mode === 'tty' ? 'default' : 'simple',
    fallbackRenderer: 'simple',
    rendererOptions: { logger, collapseSubtasks: false, collapseErrors: false, showErrorMessage: true },
    fallbackRendererOptions: { logger },
  } as ListrBaseClassOptions<FlowContext>;
}
