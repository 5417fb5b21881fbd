import { describe, expect, it } from 'vitest';
import { servingVerdict } from './serving.js';

const base = { routed: 'green' as const, activeState: 'running', routerRunning: true, live: { colour: 'green' as const, upstream: '127.0.0.1:18182', status: 200 }, lastReleased: 'v2', listen: '127.0.0.1:8080' };

describe('servingVerdict', () => {
  it('serves when the router runs, answers, and the routed colour has a running container (an app 404 still serves)', () => {
    expect(servingVerdict(base)).toEqual({ state: 'serving', problems: [] });
    expect(servingVerdict({ ...base, live: { ...base.live, status: 404 } }).state).toBe('serving');
  });

  it('nothing routed and nothing ever released is not a failure', () => {
    expect(servingVerdict({ ...base, routed: null, activeState: null, routerRunning: false, live: null, lastReleased: null })).toEqual({ state: 'nothing_deployed', problems: [] });
  });

  it('names every reason the active release does not serve', () => {
    expect(servingVerdict({ ...base, activeState: null, live: { ...base.live, status: 502 } })).toEqual({
      state: 'not_serving',
      problems: [
        'the router answers HTTP 502 on 127.0.0.1:8080: it reaches no running release',
        'traffic is routed to green but no running green container exists: run `ferry rollback` or deploy now',
      ],
    });
    expect(servingVerdict({ ...base, activeState: 'exited', routerRunning: false, live: null }).problems).toEqual([
      'router (nginx) is not running: nothing is served until the next deploy or rollback starts it',
      'traffic is routed to green but no running green container exists: run `ferry rollback` or deploy now',
    ]);
    expect(servingVerdict({ ...base, live: null }).problems).toEqual(['the router runs but does not answer on 127.0.0.1:8080: see its error log under the state dir']);
    expect(servingVerdict({ ...base, routed: null, activeState: null, live: { colour: null, upstream: null, status: 503 } }).problems).toEqual([
      'the router answers HTTP 503 on 127.0.0.1:8080: it reaches no running release',
      'history says v2 was released, but the router routes to no colour: run `ferry rollback` or deploy now',
    ]);
  });
});
