// A strict parser of the Prometheus text exposition format (0.0.4), for the tests that scrape
// the bridge: it throws on anything the format does not allow, rather than skipping it.
// prom-client writes this format but has no parser.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    throw new Error(`bad value ${JSON.stringify(text)} in: ${line}`);
  }
  return Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let at = 0;
  while (at < text.length) {
    const eq = text.indexOf('=', at);
    if (eq < 0) throw new Error(`bad labels in: ${line}`);
    const name = text.slice(at, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`bad label name ${name} in: ${line}`);
    if (text[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
    let value = '';
    let i = eq + 2;
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\') {
        const next = text[++i];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`bad escape in: ${line}`);
      } else value += text[i];
    }
    if (text[i] !== '"') throw new Error(`unterminated label value in: ${line}`);
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = value;
    at = i + 1;
    if (text[at] === ',') at++;
    else if (at < text.length) throw new Error(`expected "," in: ${line}`);
  }
  return labels;
}

/** The family a sample belongs to: its name, or the histogram/summary it is a series of. */
function familyOf(name: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
  const exact = families.get(name);
  if (exact !== undefined) return exact;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const family = families.get(base);
  return family !== undefined && (family.type === 'histogram' || family.type === 'summary')
    ? family
    : undefined;
}

/** Parses a scrape; checks TYPE before samples, names, labels, values and histogram buckets. */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const helps = new Map<string, string>();
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the text must end with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (match === null) {
        if (/^# (HELP|TYPE)\b/.test(line)) throw new Error(`bad comment: ${line}`);
        continue;
      }
      const [, keyword, name, rest] = match as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name: ${line}`);
      if (keyword === 'HELP') helps.set(name, rest);
      else {
        if (!TYPES.has(rest)) throw new Error(`bad type: ${line}`);
        if (families.has(name)) throw new Error(`TYPE twice for ${name}`);
        families.set(name, {
          name,
          type: rest as MetricType,
          help: helps.get(name) ?? '',
          samples: [],
        });
      }
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (match === null) throw new Error(`bad sample line: ${line}`);
    const [, name, labelText, valueText] = match as unknown as [
      string,
      string,
      string | undefined,
      string,
    ];
    const family = familyOf(name, families);
    if (family === undefined) throw new Error(`sample before its TYPE: ${line}`);
    family.samples.push({
      name,
      labels: labelText === undefined ? {} : parseLabels(labelText, line),
      value: parseValue(valueText, line),
    });
  }
  for (const family of families.values()) {
    if (family.type === 'histogram') checkHistogram(family);
    if (family.type === 'counter') {
      for (const sample of family.samples) {
        if (!(sample.value >= 0)) throw new Error(`negative counter ${sample.name}`);
      }
    }
  }
  return families;
}

function checkHistogram(family: MetricFamily): void {
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    if (sample.name !== `${family.name}_bucket`) continue;
    const { le, ...rest } = sample.labels;
    if (le === undefined) throw new Error(`bucket without le in ${family.name}`);
    const key = JSON.stringify(rest);
    (series.get(key) ?? series.set(key, []).get(key)!).push(sample);
  }
  for (const [key, buckets] of series) {
    let previous = -Infinity;
    let count = -Infinity;
    for (const bucket of buckets) {
      const le = parseValue(bucket.labels.le as string, bucket.name);
      if (!(le > previous)) throw new Error(`buckets of ${family.name} not increasing`);
      if (bucket.value < count) throw new Error(`buckets of ${family.name} not cumulative`);
      previous = le;
      count = bucket.value;
    }
    if (previous !== Infinity) throw new Error(`no +Inf bucket in ${family.name} ${key}`);
    const total = family.samples.find(
      (sample) => sample.name === `${family.name}_count` && JSON.stringify(sample.labels) === key,
    );
    if (total?.value !== count) throw new Error(`${family.name}_count differs from +Inf bucket`);
  }
}

/** The value of one sample (labels matching exactly); throws when absent. */
export function sampleValue(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === name && JSON.stringify(sample.labels) === JSON.stringify(labels)) {
        return sample.value;
      }
    }
  }
  throw new Error(`no sample ${name} ${JSON.stringify(labels)}`);
}
