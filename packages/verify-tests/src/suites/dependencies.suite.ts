// Dependencies: the database, Redis and metrics endpoints, each checked only when the environment configures it.
import { it } from 'vitest';
import { checkStatus } from '../checks/status.js';
import { prometheusProblem } from '../checks/prometheus.js';
import { excerpt, get } from '../http.js';
import { failOn, label, target } from './support.js';

const { verify } = target;

async function checkHealthy(path: string, what: string): Promise<void> {
  const answer = await get(target.baseUrl, path);
  const problem = checkStatus(label(path), [200], answer.status);
  failOn([problem && `${problem} (${what} not healthy): ${excerpt(answer.text)}`]);
}

it.skipIf(!verify.database)(verify.database ? `GET ${verify.database} reports the database healthy` : 'database check (verify.database not configured)', () =>
  checkHealthy(verify.database!, 'database'),
);

it.skipIf(!verify.redis)(verify.redis ? `GET ${verify.redis} reports Redis healthy` : 'Redis check (verify.redis not configured)', () => checkHealthy(verify.redis!, 'Redis'));

it.skipIf(!verify.metrics)(verify.metrics ? `GET ${verify.metrics} serves Prometheus metrics` : 'metrics check (verify.metrics not configured)', async () => {
  const path = verify.metrics!;
  const answer = await get(target.baseUrl, path);
  failOn([checkStatus(label(path), [200], answer.status)]);
  failOn([prometheusProblem(label(path), answer.text)]);
});
