import { describe, expect, it } from 'vitest';
import type { FerryContainer } from '../ports/docker/types.js';
import { describeRemoval, planImagePurge, type RemoveResult } from './teardown.js';

const container = (over: Partial<FerryContainer>): FerryContainer => ({
  id: 'c1',
  name: 'shop-prod-blue',
  app: 'shop',
  env: 'prod',
  colour: 'blue',
  version: 'v2',
  image: 'acme/app:v2',
  imageId: 'sha256:b',
  state: 'running',
  health: 'none',
  createdAt: '2024-01-01T00:00:00.000Z',
  ...over,
});

const tags = [
  { tag: 'v1', id: 'sha256:a', createdAt: 1 },
  { tag: 'v2', id: 'sha256:b', createdAt: 2 },
  { tag: 'v3', id: 'sha256:c', createdAt: 3 },
];

describe('planImagePurge', () => {
  it('removes every tag no remaining container uses', () => {
    expect(planImagePurge({ repos: [{ repo: 'acme/app', tags }], remaining: [], releasedElsewhere: [] })).toEqual({
      remove: ['acme/app:v1', 'acme/app:v2', 'acme/app:v3'],
      keep: [],
    });
  });

  it('keeps a tag another environment runs, and a tag that is the same image under another name', () => {
    const remaining = [
      container({}),
      container({ id: 'c2', name: 'blog-x-green', app: 'blog', env: 'x', image: 'other/thing:latest', imageId: 'sha256:c' }),
      container({ id: 'c3', name: 'postgres', app: '', env: '', image: 'postgres:16', imageId: 'sha256:z' }),
    ];
    expect(planImagePurge({ repos: [{ repo: 'acme/app', tags }], remaining, releasedElsewhere: [] })).toEqual({
      remove: ['acme/app:v1'],
      keep: [
        { ref: 'acme/app:v2', reason: 'container shop-prod-blue (shop/prod) uses it' },
        { ref: 'acme/app:v3', reason: 'container blog-x-green (blog/x) uses it, the same image as acme/app:v3' },
      ],
    });
  });

  it('reads an untagged container image as :latest, and handles registry repositories with a port', () => {
    const latest = [{ tag: 'latest', id: 'sha256:l', createdAt: 1 }];
    const remaining = [container({ name: 'adhoc', app: '', env: '', image: 'registry:5000/acme/app', imageId: 'sha256:other' })];
    expect(planImagePurge({ repos: [{ repo: 'acme/app', tags: latest }, { repo: 'registry:5000/acme/app', tags: latest }], remaining, releasedElsewhere: [] })).toEqual({
      remove: ['acme/app:latest'],
      keep: [{ ref: 'registry:5000/acme/app:latest', reason: 'container adhoc uses it' }],
    });
  });

  it("keeps another environment's releases (its rollback targets), and everything when one cannot be read", () => {
    const elsewhere = [
      { env: 'staging', refs: ['acme/app:v9'] },
      { env: 'production', refs: ['acme/app:v1', 'other/app:v3'] },
    ];
    expect(planImagePurge({ repos: [{ repo: 'acme/app', tags }], remaining: [], releasedElsewhere: elsewhere })).toEqual({
      remove: ['acme/app:v2', 'acme/app:v3'],
      keep: [{ ref: 'acme/app:v1', reason: 'environment production released it (a rollback target there)' }],
    });
    const unknown = { unknown: 'environment production could not be loaded' };
    expect(planImagePurge({ repos: [{ repo: 'acme/app', tags: tags.slice(0, 2) }], remaining: [container({})], releasedElsewhere: unknown })).toEqual({
      remove: [],
      keep: [
        { ref: 'acme/app:v1', reason: 'environment production could not be loaded' },
        { ref: 'acme/app:v2', reason: 'container shop-prod-blue (shop/prod) uses it' },
      ],
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
