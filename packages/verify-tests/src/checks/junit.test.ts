import { describe, expect, it } from 'vitest';
import { xmlProblem } from '../../test/support/well-formed.js';
import { escapeAttribute, escapeText, junitXml } from './junit.js';

describe('JUnit XML', () => {
  it('writes testsuites, testsuite, testcase, failure and skipped with totals', () => {
    const xml = junitXml('ferry verify staging', [
      {
        name: 'smoke',
        cases: [
          { name: 'GET /health answers 200', durationMs: 12 },
          { name: 'GET / answers 200', durationMs: 8.4, failure: 'GET /: expected status 200, got 500' },
        ],
      },
      { name: 'dependencies', cases: [{ name: 'Redis check (verify.redis not configured)', durationMs: 0, skipped: 'not configured' }] },
    ]);
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="ferry verify staging" tests="3" failures="1" errors="0" skipped="1" time="0.020">
  <testsuite name="smoke" tests="2" failures="1" errors="0" skipped="0" time="0.020">
    <testcase classname="smoke" name="GET /health answers 200" time="0.012"/>
    <testcase classname="smoke" name="GET / answers 200" time="0.008">
      <failure message="GET /: expected status 200, got 500" type="AssertionError">GET /: expected status 200, got 500</failure>
    </testcase>
  </testsuite>
  <testsuite name="dependencies" tests="1" failures="0" errors="0" skipped="1" time="0.000">
    <testcase classname="dependencies" name="Redis check (verify.redis not configured)" time="0.000">
      <skipped message="not configured"/>
    </testcase>
  </testsuite>
</testsuites>
`);
    expect(xmlProblem(xml)).toBeUndefined();
  });

  it('escapes markup, quotes and newlines, and drops characters XML forbids', () => {
    expect(escapeText('a < b && c > "d"\x1b[31m')).toBe('a &lt; b &amp;&amp; c &gt; "d"[31m');
    expect(escapeAttribute(`say "hi" & 'bye'\nnext\ttab`)).toBe('say &quot;hi&quot; &amp; &apos;bye&apos;&#10;next&#9;tab');
    const hostile = 'GET /<script>: expected field "a&b" to be "</failure>", got \x00"]]>"\nsecond line';
    const xml = junitXml('n"&<', [{ name: 's<', cases: [{ name: '"&<>', durationMs: 1, failure: hostile }] }]);
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toContain('<failure message="GET /&lt;script&gt;: expected field &quot;a&amp;b&quot; to be &quot;&lt;/failure&gt;&quot;, got &quot;]]&gt;&quot;" type="AssertionError">');
    expect(xml).toContain('got "]]&gt;"\nsecond line</failure>');
  });

  it('the well-formedness check itself rejects broken XML', () => {
    expect(xmlProblem('<a><b></a>')).toBe('</a> closes nothing open at 6');
    expect(xmlProblem('<a>x & y</a>')).toBe('raw "&" in text at 3');
    expect(xmlProblem('<a>x < y</a>')).toBe('stray "<" at 5: < y</a>');
    expect(xmlProblem('<a x=1/>')).toBe('stray "<" at 0: <a x=1/>');
    expect(xmlProblem('<a>')).toBe('<a> never closed');
    expect(xmlProblem('<a/><b/>')).toBe('expected one root element, found 2');
  });
});
