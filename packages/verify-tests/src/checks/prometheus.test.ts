import { describe, expect, it } from 'vitest';
import { parsePrometheus, PrometheusParseError, prometheusProblem } from './prometheus.js';

const EXPOSITION = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# A plain comment is ignored.
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="+Inf",} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.5"} NaN
rpc_duration_seconds_count 2693
# TYPE temperature gauge
temperature -Inf
`;

describe('Prometheus text format', () => {
  it('groups samples into families with help, type, labels, +Inf/NaN and timestamps', () => {
    expect(parsePrometheus(EXPOSITION)).toEqual([
      {
        name: 'http_requests_total',
        type: 'counter',
        help: 'The total number of HTTP requests.',
        samples: [
          { name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027, timestampMs: 1395066363000 },
          { name: 'http_requests_total', labels: { method: 'post', code: '400' }, value: 3, timestampMs: 1395066363000 },
        ],
      },
      {
        name: 'msdos_file_access_time_seconds',
        type: 'untyped',
        samples: [{ name: 'msdos_file_access_time_seconds', labels: { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' }, value: 1.458255915e9 }],
      },
      {
        name: 'http_request_duration_seconds',
        type: 'histogram',
        help: 'A histogram of the request duration.',
        samples: [
          { name: 'http_request_duration_seconds_bucket', labels: { le: '0.05' }, value: 24054 },
          { name: 'http_request_duration_seconds_bucket', labels: { le: '+Inf' }, value: 144320 },
          { name: 'http_request_duration_seconds_sum', labels: {}, value: 53423 },
          { name: 'http_request_duration_seconds_count', labels: {}, value: 144320 },
        ],
      },
      {
        name: 'rpc_duration_seconds',
        type: 'summary',
        samples: [
          { name: 'rpc_duration_seconds', labels: { quantile: '0.5' }, value: NaN },
          { name: 'rpc_duration_seconds_count', labels: {}, value: 2693 },
        ],
      },
      { name: 'temperature', type: 'gauge', samples: [{ name: 'temperature', labels: {}, value: -Infinity }] },
    ]);
  });

  it.each([
    ['up 1\nup{job="a"} one', 'line 2: invalid value "one" for metric up'],
    ['# TYPE up countr\nup 1', 'line 1: unknown metric type "countr" for up (expected counter, gauge, histogram, summary, untyped)'],
    ['up 1\n# TYPE up gauge', 'line 2: # TYPE for up comes after its samples'],
    ['up{job="a} 1', 'line 1: unterminated value for label job'],
    ['up{job="a" x="b"} 1', 'line 1: expected "," or "}" after label job'],
    ['up{job=a} 1', 'line 1: expected ="…" after label job'],
    ['up{1job="a"} 1', 'line 1: expected a label name at "1job=\\"a\\"} 1"'],
    ['\n\n{job="a"} 1', 'line 3: expected a metric name at "{job=\\"a\\"} 1"'],
    ['up', 'line 1: metric up has no value'],
    ['up 1 12.5', 'line 1: invalid timestamp "12.5" for metric up'],
    ['up 1 12 extra', 'line 1: unexpected "extra" after the timestamp of up'],
    ['up{a="1",a="2"} 1', 'line 1: label a appears twice'],
  ])('%j fails naming the line: %s', (text, message) => {
    expect(() => parsePrometheus(text)).toThrow(PrometheusParseError);
    expect(() => parsePrometheus(text)).toThrow(message);
  });

  it('the metrics check names the endpoint and the problem', () => {
    expect(prometheusProblem('GET /metrics', 'up 1\n')).toBeUndefined();
    expect(prometheusProblem('GET /metrics', '')).toBe('GET /metrics: expected at least one metric family, got an empty body');
    expect(prometheusProblem('GET /metrics', '<html>')).toBe('GET /metrics: expected Prometheus text format, line 1: expected a metric name at "<html>"');
  });
});
