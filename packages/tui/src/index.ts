// @ferry/tui: the Ink app behind `pnpm pipeline`, and the pieces another front end may reuse.
export { App, runInputFor } from './app/App.js';
export { pipelineApi, type PipelineApi } from './app/api.js';
export { StoreRenderer, storeRender, type StoreRendererOptions } from './renderer/store-renderer.js';
export { createRunStore, type RunStore } from './store/run-store.js';
export { reduceRun } from './store/run-reducer.js';
export type { RunEvent, RunSnapshot, TaskRecord, TaskState } from './store/types.js';
export { RunView } from './screens/RunView.js';
