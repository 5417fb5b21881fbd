import { describe, expect, it } from 'vitest';
import { fillQuery, promDuration, unknownPlaceholders, type QueryValues } from './metric-query.js';

const values: QueryValues = { canary_colour: 'green', stable_colour: 'blue', version: 'v2.1', stable_version: 'v1', app: 'shop', env: 'prod', step_duration: '30s' };

describe('analysis.prometheus.query placeholders', () => {
  it('fills every placeholder, spaces inside the braces allowed, PromQL braces left alone', () => {
    expect(fillQuery('sum(rate(errors{colour="{{canary_colour}}",version="{{ version }}"}[{{step_duration}}])) / on() up{env="{{env}}",app="{{app}}",v="{{stable_version}}",c="{{stable_colour}}"}', values)).toBe(
      'sum(rate(errors{colour="green",version="v2.1"}[30s])) / on() up{env="prod",app="shop",v="v1",c="blue"}',
    );
    expect(fillQuery('vector(5)', values)).toBe('vector(5)');
  });

  it('names the placeholders it does not know, in order', () => {
    expect(unknownPlaceholders('x{c="{{colour}}"} + {{version}} + {{ tag }}')).toEqual(['colour', 'tag']);
    expect(unknownPlaceholders('up{job="a"}')).toEqual([]);
  });

  it('refuses a value that could end a PromQL string or add to the query, rather than quoting it', () => {
    expect(() => fillQuery('up{v="{{version}}"}', { ...values, version: 'v2"} or vector(1) #' })).toThrow('{{version}} would be "v2\\"} or vector(1) #", which is not safe in a PromQL query');
    expect(() => fillQuery('{{nope}}', values)).toThrow('{{nope}} is not a placeholder of analysis.prometheus.query');
  });

  it('writes a step duration as whole seconds, at least 1s', () => {
    expect(promDuration(30_400)).toBe('30s');
    expect(promDuration(200)).toBe('1s');
  });
});
