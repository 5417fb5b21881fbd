// Prometheus text exposition of what this process served, so `verify.metrics` has something real to parse.
const KNOWN_PATHS = new Set(['/', '/health', '/health/database', '/health/redis', '/version', '/notes', '/metrics']);

/** A body that is sent as-is with its own content type, not as JSON. */
export class PlainText {
  constructor(text, contentType) {
    this.text = text;
    this.contentType = contentType;
  }
}

const escapeLabel = (value) => String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function createMetrics(now = () => Date.now()) {
  const started = now();
  const requests = new Map(); // "path status" → count
  return {
    observe(rawPath, status) {
      // Unknown paths share one label so a scanner cannot grow the series without bound.
      const path = KNOWN_PATHS.has(rawPath) ? rawPath : 'other';
      const key = `${path} ${status}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
    },
    render(version) {
      const lines = [
        '# HELP demo_http_requests_total Requests served, by path and status.',
        '# TYPE demo_http_requests_total counter',
        ...[...requests.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => {
          const [path, status] = key.split(' ');
          return `demo_http_requests_total{path="${escapeLabel(path)}",status="${status}"} ${count}`;
        }),
        '# HELP demo_build_info The running version.',
        '# TYPE demo_build_info gauge',
        `demo_build_info{version="${escapeLabel(version)}"} 1`,
        '# HELP demo_uptime_seconds Seconds since the process started.',
        '# TYPE demo_uptime_seconds gauge',
        `demo_uptime_seconds ${((now() - started) / 1000).toFixed(3)}`,
      ];
      return new PlainText(`${lines.join('\n')}\n`, 'text/plain; version=0.0.4; charset=utf-8');
    },
  };
}
