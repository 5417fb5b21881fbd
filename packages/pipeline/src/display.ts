// The pure display helpers a front end draws with, without the rest of the package: the run view
// `ferry deploy` loads in a terminal imports these, and loading index.js there would load the whole CLI again.
export { sparkline, type SparklineOptions } from './planning/sparkline.js';
export { byteSize } from './ports/docker/build-stream.js';
