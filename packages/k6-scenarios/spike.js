// k6 run -e BASE_URL=http://127.0.0.1:8080 -e PATHS=/health spike.js   (shape: scenarios.json "spike"; env vars: README.md)
import { buildOptions } from './lib/scenario.js';
import { makeIteration } from './lib/iteration.js';

// open() works only in the init context; the path is relative to this script.
const scenarios = JSON.parse(open('./scenarios.json'));

export const options = buildOptions(scenarios, 'spike', __ENV);
export default makeIteration(__ENV);
