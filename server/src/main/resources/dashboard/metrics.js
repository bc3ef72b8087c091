// A small parser for the Prometheus text exposition format (version 0.0.4): one sample per line,
// `name{label="value",...} value [timestamp]`, '#' lines are comments (HELP/TYPE). Label values may hold \" \\ \n.
// Lines it cannot read are skipped, never fatal: /metrics is another member's answer, untrusted.

/** @returns {{name: string, labels: Object<string,string>, value: number}[]} */
export function parsePrometheus(text) {
  const samples = [];
  for (const raw of String(text).split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const s = parseLine(line);
    if (s) samples.push(s);
  }
  return samples;
}

function parseLine(line) {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!m) return null;
  const name = m[1];
  let i = name.length;
  const labels = {};
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (line[i] === ' ' || line[i] === ',') i++;
      if (line[i] === '}') { i++; break; }
      const lm = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(line.slice(i));
      if (!lm) return null;
      i += lm[0].length;
      let value = '';
      for (;;) {
        if (i >= line.length) return null;
        const c = line[i++];
        if (c === '"') break;
        if (c === '\\') {
          const e = line[i++];
          value += e === 'n' ? '\n' : e;
        } else {
          value += c;
        }
      }
      labels[lm[1]] = value;
    }
  }
  const rest = line.slice(i).trim().split(/\s+/);
  const value = parseValue(rest[0]);
  if (value === null) return null;
  return { name, labels, value };
}

function parseValue(v) {
  if (v === undefined || v === '') return null;
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (v === 'NaN') return NaN;
  const n = Number(v);
  return Number.isNaN(n) ? null : n;
}

/** The sum of every sample called `name` (all label sets), or null if there is none. */
export function sum(samples, name) {
  let total = null;
  for (const s of samples) {
    if (s.name === name) total = (total === null ? 0 : total) + s.value;
  }
  return total;
}
