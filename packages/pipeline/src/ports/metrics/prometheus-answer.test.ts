import { describe, expect, it } from 'vitest';
import { parseInstantAnswer } from './prometheus-answer.js';

// Bodies as Prometheus 2.42 sent them for vector(5), scalar(vector(5)), up{job="nope"}, "sum(", up[5s], "abc", vector(0)/0
const ok = (data: unknown) => JSON.stringify({ status: 'success', data });

describe('parseInstantAnswer', () => {
  it('reads a vector\'s series with their labels, a scalar as one unlabelled sample, Go\'s NaN and ±Inf', () => {
    expect(parseInstantAnswer(200, ok({ resultType: 'vector', result: [{ metric: {}, value: [1796213847.326, '5'] }] }))).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 5 }] });
    expect(parseInstantAnswer(200, ok({ resultType: 'vector', result: [{ metric: { job: 'a' }, value: [1, 'NaN'] }, { metric: { job: 'b' }, value: [1, '+Inf'] }, { metric: {}, value: [1, '-Inf'] }] }))).toEqual({
      kind: 'samples',
      samples: [{ labels: { job: 'a' }, value: NaN }, { labels: { job: 'b' }, value: Infinity }, { labels: {}, value: -Infinity }],
    });
    expect(parseInstantAnswer(200, ok({ resultType: 'scalar', result: [1796213847.394, '0.25'] }))).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 0.25 }] });
    expect(parseInstantAnswer(200, ok({ resultType: 'vector', result: [] }))).toEqual({ kind: 'samples', samples: [] });
  });

  it('gives Prometheus\'s own error, a range vector or a string as errors', () => {
    const body = JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis' });
    expect(parseInstantAnswer(400, body)).toEqual({ kind: 'error', message: 'Prometheus answered HTTP 400, bad_data: invalid parameter "query": 1:5: parse error: unclosed left parenthesis' });
    expect(parseInstantAnswer(200, ok({ resultType: 'matrix', result: [] }))).toEqual({ kind: 'error', message: "the query's result is a range vector, not a number: write an instant vector or a scalar (e.g. sum(rate(x[1m])))" });
    expect(parseInstantAnswer(200, ok({ resultType: 'string', result: [1, 'abc'] }))).toMatchObject({ kind: 'error', message: expect.stringContaining('of type string, not a number') });
  });

  it('names an answer that is not the API\'s JSON (a proxy\'s page), printable and cut short', () => {
    expect(parseInstantAnswer(502, '<html>\u001b[2JBad gateway</html>')).toEqual({ kind: 'error', message: 'Prometheus answered HTTP 502 without its JSON: <html>Bad gateway</html>' });
    expect(parseInstantAnswer(200, '')).toEqual({ kind: 'error', message: 'Prometheus answered HTTP 200 without its JSON: (empty body)' });
  });
});
