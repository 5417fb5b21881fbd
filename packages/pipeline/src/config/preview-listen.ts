// router/preview_listen: where a staged release (deploy --no-switch, strategy/auto_promote: false) answers.
import type { Issue } from './issues.js';
import type { EnvironmentFile } from './schema.js';

const AT = ['router', 'preview_listen'];

/** An address of its own, on the router container (the host nginx router has no preview server). */
export function previewListenIssues(router: EnvironmentFile['router']): Issue[] {
  const preview = router.preview_listen;
  if (!preview) return [];
  if (router.runtime === 'host') {
    return [{ path: AT, message: 'needs router/runtime: container (the host nginx router has no preview server)', hint: 'set router/runtime: container, or remove preview_listen: a staged release is then checked through the router with the preview header only' }];
  }
  const taken = [
    ['router/listen', router.listen],
    ['router/http_listen', router.http_listen],
  ] as const;
  return taken.flatMap(([key, at]) =>
    at && at.port === preview.port ? [{ path: AT, message: `port ${preview.port} is also ${key}`, hint: 'the preview needs a port of its own, e.g. 127.0.0.1:8081' }] : [],
  );
}
