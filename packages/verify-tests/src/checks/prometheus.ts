// Prometheus text exposition format 0.0.4: `# HELP`, `# TYPE`, then `name{label="v"} value [timestamp]`.
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: MetricSample[];
}

export class PrometheusParseError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'PrometheusParseError';
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
// Histogram and summary families own samples with these suffixes.
const SUFFIXES: Partial<Record<MetricType, string[]>> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

/** Go's ParseFloat spellings as Prometheus writes them: +Inf, -Inf, NaN, or a decimal/exponent number. */
function parseValue(text: string): number | undefined {
  if (/^[+]?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

const unescape = (text: string, quotes: boolean): string =>
  text.replace(quotes ? /\\(["\\n])/g : /\\([\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** `{a="1",b="x\"y"}` at the start of `rest`: the labels and what follows the closing brace. */
function parseLabels(rest: string, line: number): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let s = rest.slice(1).trimStart();
  while (!s.startsWith('}')) {
    const name = LABEL_NAME.exec(s)?.[0];
    if (!name) throw new PrometheusParseError(line, `expected a label name at ${JSON.stringify(s.slice(0, 20))}`);
    s = s.slice(name.length).trimStart();
    if (!s.startsWith('="') && !s.startsWith('= "')) throw new PrometheusParseError(line, `expected ="…" after label ${name}`);
    s = s.slice(s.indexOf('"') + 1);
    const end = /^(?:[^"\\]|\\.)*"/.exec(s);
    if (!end) throw new PrometheusParseError(line, `unterminated value for label ${name}`);
    if (name in labels) throw new PrometheusParseError(line, `label ${name} appears twice`);
    labels[name] = unescape(end[0].slice(0, -1), true);
    s = s.slice(end[0].length).trimStart();
    if (s.startsWith(',')) s = s.slice(1).trimStart();
    else if (!s.startsWith('}')) throw new PrometheusParseError(line, `expected "," or "}" after label ${name}`);
  }
  return { labels, rest: s.slice(1) };
}

function parseSample(text: string, line: number): MetricSample {
  const name = NAME.exec(text)?.[0];
  if (!name) throw new PrometheusParseError(line, `expected a metric name at ${JSON.stringify(text.slice(0, 20))}`);
  let rest = text.slice(name.length).trimStart();
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, line));
  const [valueText, timestamp, extra] = rest.trim().split(/\s+/);
  if (!valueText) throw new PrometheusParseError(line, `metric ${name} has no value`);
  const value = parseValue(valueText);
  if (value === undefined) throw new PrometheusParseError(line, `invalid value ${JSON.stringify(valueText)} for metric ${name}`);
  if (extra !== undefined) throw new PrometheusParseError(line, `unexpected ${JSON.stringify(extra)} after the timestamp of ${name}`);
  if (timestamp === undefined) return { name, labels, value };
  if (!/^-?\d+$/.test(timestamp)) throw new PrometheusParseError(line, `invalid timestamp ${JSON.stringify(timestamp)} for metric ${name}`);
  return { name, labels, value, timestampMs: Number(timestamp) };
}

/** The metric families of a Prometheus text body, in order of first appearance; throws naming the line. */
export function parsePrometheus(text: string): MetricFamily[] {
  const families = new Map<string, MetricFamily>();
  const family = (name: string): MetricFamily => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { name, type: 'untyped', samples: [] }));
    return found;
  };
  const owner = (sample: string): MetricFamily => {
    for (const [name, f] of families) {
      if (SUFFIXES[f.type]?.some((suffix) => sample === name + suffix)) return f;
    }
    return family(sample);
  };
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '') return;
    const meta = /^#\s*(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(text);
    if (meta) {
      const [, keyword, name, rest = ''] = meta as unknown as [string, 'HELP' | 'TYPE', string, string | undefined];
      if (!NAME.test(name) || NAME.exec(name)![0] !== name) throw new PrometheusParseError(line, `invalid metric name ${JSON.stringify(name)} in # ${keyword}`);
      const f = family(name);
      if (keyword === 'HELP') {
        f.help = unescape(rest, false);
        return;
      }
      if (!TYPES.includes(rest as MetricType)) throw new PrometheusParseError(line, `unknown metric type ${JSON.stringify(rest)} for ${name} (expected ${TYPES.join(', ')})`);
      if (f.samples.length > 0) throw new PrometheusParseError(line, `# TYPE for ${name} comes after its samples`);
      f.type = rest as MetricType;
      return;
    }
    if (text.startsWith('#')) return; // any other comment
    const sample = parseSample(text, line);
    owner(sample.name).samples.push(sample);
  });
  return [...families.values()];
}

/** A problem when a metrics body is not Prometheus text or holds no metric family. */
export function prometheusProblem(label: string, text: string): string | undefined {
  try {
    return parsePrometheus(text).length > 0 ? undefined : `${label}: expected at least one metric family, got an empty body`;
  } catch (error) {
    return `${label}: expected Prometheus text format, ${(error as Error).message}`;
  }
}
