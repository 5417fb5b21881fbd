import { describe, expect, it } from 'vitest';
import { byNameMap, replicaContainer, replicaEndpoint, replicaIndex } from './replica-preview.js';

const endpoint = { url: 'http://127.0.0.1:8080/health', headers: { 'x-ferry-preview': 'abc-green' } };

describe('a colour of several replicas in the router container', () => {
  it('the health gate reaches one replica with X-Ferry-Replica; a colour of one keeps its endpoint', () => {
    expect(replicaEndpoint(endpoint, 2, 3)).toEqual({ url: endpoint.url, headers: { 'x-ferry-preview': 'abc-green', 'x-ferry-replica': '2' } });
    expect(replicaEndpoint(endpoint, 1, 1)).toBe(endpoint);
  });

  it('a replica\'s container name and back', () => {
    expect([1, 2, 12].map((index) => replicaContainer('demo-prod-blue', index))).toEqual(['demo-prod-blue', 'demo-prod-blue-2', 'demo-prod-blue-12']);
    expect(['demo-prod-blue', 'demo-prod-blue-2', 'demo-prod-blue-12'].map((name) => replicaIndex('demo-prod-blue', name))).toEqual([1, 2, 12]);
  });

  it('by name: the colour\'s name reaches every replica, a replica header one of them, anything else the colour', () => {
    expect(byNameMap({ blue: { host: 'demo-staging-blue', port: 3000, replicas: 2 }, green: { host: 'demo-staging-green', port: 3000, replicas: 2 } })).toBe(
      `# a colour's replicas answer to its name; the health gate's X-Ferry-Replica names one (its alias <name>-<n>)
map "$ferry_colour:$http_x_ferry_replica" $ferry_by_name {
    default 127.0.0.1:1;
    "~^blue:" demo-staging-blue:3000;
    "blue:1" demo-staging-blue-1:3000;
    "blue:2" demo-staging-blue-2:3000;
    "~^green:" demo-staging-green:3000;
    "green:1" demo-staging-green-1:3000;
    "green:2" demo-staging-green-2:3000;
}
`,
    );
  });

  it('one replica per colour: the map it always was', () => {
    expect(byNameMap({ blue: { host: 'demo-staging-blue', port: 3000 }, green: { host: 'demo-staging-green', port: 3000 } })).toBe(
      `map $ferry_colour $ferry_by_name {
    default 127.0.0.1:1;
    blue demo-staging-blue:3000;
    green demo-staging-green:3000;
}
`,
    );
  });
});
