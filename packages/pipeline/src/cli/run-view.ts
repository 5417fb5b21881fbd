import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CustomRender } from '../flows/listr-options.js';
import type { Handoff } from '../api/canary-handoff.js';
import type { CanaryRequest } from '../state/canary-control.js';

interface RunViewModule {
  attachRunView(
    request: { action: 'deploy' | 'rollback'; env: string; tag?: string; to?: string },
    onCancel: () => void,
    ask?: (request: CanaryRequest) => Promise<Handoff | null>, // p/a during a canary: as `ferry promote|abort` from another shell
  ): { render: CustomRender; finish: () => void };
}

// The TUI package depends on this one, so it is found at run time beside it rather than imported.
const RUN_VIEW = new URL('../../../tui/dist/cli-view.js', import.meta.url);

/** The Ink run view of `pnpm pipeline` when @ferry/tui is built beside the CLI; null means listr2's own renderer. */
export async function loadRunView(): Promise<RunViewModule | null> {
  if (!existsSync(fileURLToPath(RUN_VIEW))) return null;
  try {
    return (await import(RUN_VIEW.href)) as RunViewModule;
  } catch {
    return null;
  }
}
