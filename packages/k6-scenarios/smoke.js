// k6 run -e BASE_URL=http://127.0.0.1:8080 -e PATHS=/health smoke.js   (shape: scenarios.json "smoke"; env vars: README.md)
import { buildOptions } from './lib/scenario.js';
import { makeIteration } from './lib/iteration.js';

// open() works only in the init context; the path is relative to this script.
const scenarios = JSON.parse(open('./scenarios.json'));

export const options = buildOptions(scenarios, 'smoke', __ENV);
export default makeIteration(__ENV);
