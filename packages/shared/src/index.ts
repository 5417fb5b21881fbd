// @ferry/shared: what more than one Ferry package needs, done one way.
export { run, notInstalled, type OutputStream, type ProcessResult, type RunOptions, type StopReason } from './process/run.js';
export { describeFailure, describeStop } from './process/describe.js';
export { lastLines, relayLines } from './process/lines.js';
export { findExecutable, findProgram, isExecutableFile, SYSTEM_DIRS } from './process/find-executable.js';
export { childPids, isProcessAlive, readCmdline, readProcStat, type ProcStat } from './process/procfs.js';
export { appendFileDurable, appendLineDurable, lineToAppend, replaceSymlinkAtomic, writeFileAtomic, type AtomicWriteOptions } from './files/atomic-write.js';
export { readTextOrNull } from './files/read-text.js';
export { percentile, type PercentileMethod } from './stats/percentile.js';
