// The k6 side of every scenario: one GET per iteration, round-robin over the paths.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { pickPath, resolveTarget } from './scenario.js';

/** Called at init time, so a missing BASE_URL or a missing or bad PATHS fails before any VU starts. */
export function makeIteration(env) {
  const target = resolveTarget(env);
  return function iteration() {
    const path = pickPath(target.paths, exec.scenario.iterationInTest);
    const response = http.get(target.baseUrl + path, { tags: { name: path } });
    check(response, { 'status is 2xx': (r) => r.status >= 200 && r.status < 300 });
  };
}
