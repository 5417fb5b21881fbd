// k6 run -e BASE_URL=http://127.0.0.1:8080 -e PATHS=/health load.js   (shape: scenarios.json "load"; env vars: README.md)
import { buildOptions } from './lib/scenario.js';
import { makeIteration } from './lib/iteration.js';

// open() works only in the init context; the path is relative to this script.
const scenarios = JSON.parse(open('./scenarios.json'));

export const options = buildOptions(scenarios, 'load', __ENV);
export default makeIteration(__ENV);
