import { describe, expect, it } from 'vitest';
import { EVERY_TAG } from './retention.js';
import { describeRemoval, planImagePurge, type RemoveResult } from './teardown.js';

describe('planImagePurge', () => {
  const repos = [{ repo: 'acme/app', tags: ['v1', 'v2', 'v3'] }];

  it('removes every tag nothing holds', () => {
    expect(planImagePurge({ repos, holds: [] })).toEqual({ remove: ['acme/app:v1', 'acme/app:v2', 'acme/app:v3'], keep: [] });
  });

  it('keeps held tags with every reason, in each repository of the image', () => {
    const holds = [
      { tag: 'v2', reason: 'in use by container shop-prod-blue (running) of app shop, environment prod' },
      { tag: 'v2', reason: 'a rollback target of environment prod (one of its 3 newest releases)' },
    ];
    expect(planImagePurge({ repos: [...repos, { repo: 'registry:5000/acme/app', tags: ['v2'] }], holds })).toEqual({
      remove: ['acme/app:v1', 'acme/app:v3'],
      keep: [
        { ref: 'acme/app:v2', reason: `${holds[0]!.reason}; ${holds[1]!.reason}` },
        { ref: 'registry:5000/acme/app:v2', reason: `${holds[0]!.reason}; ${holds[1]!.reason}` },
      ],
    });
  });

  it('keeps everything when another environment\'s needs are unknown', () => {
    const unknown = { tag: EVERY_TAG, reason: 'the rollback targets of environment prod are unknown (bad file)' };
    expect(planImagePurge({ repos, holds: [unknown] })).toEqual({
      remove: [],
      keep: ['v1', 'v2', 'v3'].map((tag) => ({ ref: `acme/app:${tag}`, reason: unknown.reason })),
    });
  });
});

describe('describeRemoval', () => {
  const base: RemoveResult = {
    env: 'local',
    purge: false,
    containers: ['demo-local-blue', 'demo-local-green'],
    router: { wasRunning: true, deleted: ['/srv/.ferry/local/router', '/var/cache/ferry/router/demo-local-0123456789ab'] },
    images: null,
    stateDir: null,
  };

  it('lists the containers and the router files', () => {
    expect(describeRemoval(base)).toEqual([
      'removed local:',
      '  containers: demo-local-blue, demo-local-green (2, stopped and removed)',
      '  router: nginx stopped gracefully; deleted /srv/.ferry/local/router, /var/cache/ferry/router/demo-local-0123456789ab',
    ]);
  });

  it('with purge, names the images removed and kept (with why) and the state dir', () => {
    const purged: RemoveResult = {
      ...base,
      purge: true,
      containers: [],
      router: { wasRunning: false, deleted: ['/srv/.ferry/local/router'] },
      images: { remove: ['ferry/demo-app:v1'], keep: [{ ref: 'ferry/demo-app:v2', reason: 'container demo-staging-blue (demo/staging) uses it' }] },
      stateDir: { path: '/srv/.ferry/local', deleted: true, kept: [] },
    };
    expect(describeRemoval(purged)).toEqual([
      'removed local (purge):',
      '  containers: none',
      '  router: nginx was not running; deleted /srv/.ferry/local/router',
      '  images: removed ferry/demo-app:v1',
      '    kept ferry/demo-app:v2: container demo-staging-blue (demo/staging) uses it',
      '  state dir: deleted /srv/.ferry/local',
    ]);
    expect(describeRemoval({ ...purged, router: { wasRunning: false, deleted: [] }, images: { remove: [], keep: [] }, stateDir: { path: '/srv', deleted: false, kept: ['notes.txt'] } }).slice(2)).toEqual([
      '  router: nginx was not running; no files',
      '  images: none removed',
      "  state dir: emptied of Ferry's files; kept /srv, which also holds notes.txt",
    ]);
  });
});
