// Live charts from this member's /metrics: writes/s and reads/s (rates of the v2 store's op counters, all actions
// summed) and the mean WAL fsync time per interval (delta of the histogram's _sum over delta of its _count).
// Samples every 2 s, 60 kept (~2 min). Until /metrics answers with these families the charts say so.
import { getText } from './api.js';
import { parsePrometheus, sum } from './metrics.js';

const KEEP = 60;
const W = 300;
const H = 80;
const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);
const history = []; // { t, writes, reads, fsyncSum, fsyncCount }

function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function clear(svg) { while (svg.firstChild) svg.removeChild(svg.firstChild); }

/** Draws points [{t, v}] as a line over the last KEEP intervals; `unit` labels the max. */
export function draw(svg, points, unit) {
  clear(svg);
  const good = points.filter((p) => Number.isFinite(p.v));
  if (good.length === 0) {
    svg.appendChild(svgEl('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'none' }, 'no data yet'));
    svg.dataset.state = 'empty';
    return;
  }
  const max = Math.max(...good.map((p) => p.v), 1e-9);
  const t1 = good[good.length - 1].t;
  const span = 2000 * KEEP;
  const path = good.map((p, i) => {
    const x = W - ((t1 - p.t) / span) * W;
    const y = H - 12 - (p.v / max) * (H - 20);
    return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
  }).join(' ');
  svg.appendChild(svgEl('path', { d: path, class: 'line' }));
  svg.appendChild(svgEl('text', { x: 3, y: 10, class: 'axis' }, `max ${fmt(max)} ${unit}`));
  svg.appendChild(svgEl('text', { x: 3, y: H - 2, class: 'axis' }, '-2 min'));
  svg.appendChild(svgEl('text', { x: W - 3, y: H - 2, 'text-anchor': 'end', class: 'axis' }, 'now'));
  svg.dataset.state = 'drawn';
}

function fmt(v) {
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(1);
  return v.toPrecision(2);
}

function unavailable(reason) {
  $('metrics-status').textContent = `metrics unavailable: ${reason}`;
  $('metrics-status').dataset.state = 'unavailable';
  for (const id of ['chart-writes', 'chart-reads', 'chart-fsync']) {
    const svg = $(id);
    clear(svg);
    svg.appendChild(svgEl('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'none' }, 'metrics unavailable'));
    svg.dataset.state = 'unavailable';
  }
}

function rates(field) {
  const out = [];
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1];
    const b = history[i];
    const dt = (b.t - a.t) / 1000;
    // A counter that went down means the member restarted: no rate for that interval.
    const d = b[field] - a[field];
    out.push({ t: b.t, v: dt > 0 && d >= 0 ? d / dt : NaN });
  }
  return out;
}

function fsyncMs() {
  const out = [];
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1];
    const b = history[i];
    const n = b.fsyncCount - a.fsyncCount;
    out.push({ t: b.t, v: n > 0 ? ((b.fsyncSum - a.fsyncSum) / n) * 1000 : (n === 0 ? 0 : NaN) });
  }
  return out;
}

async function sample() {
  let text;
  try {
    ({ text } = await getText('/metrics'));
  } catch (e) {
    unavailable(e.status === 404 ? '/metrics is not served by this member' : e.message);
    return;
  }
  const samples = parsePrometheus(text);
  const point = {
    t: Date.now(),
    writes: sum(samples, 'etcd_debugging_store_writes_total'),
    reads: sum(samples, 'etcd_debugging_store_reads_total'),
    fsyncSum: sum(samples, 'etcd_disk_wal_fsync_duration_seconds_sum'),
    fsyncCount: sum(samples, 'etcd_disk_wal_fsync_duration_seconds_count'),
  };
  if (point.writes === null && point.reads === null && point.fsyncCount === null) {
    unavailable('/metrics has none of the store and WAL families');
    return;
  }
  history.push(point);
  while (history.length > KEEP + 1) history.shift();
  $('metrics-status').textContent = `from /metrics, ${samples.length} samples, every 2 s`;
  $('metrics-status').dataset.state = 'ok';
  const w = rates('writes');
  const r = rates('reads');
  const f = fsyncMs();
  draw($('chart-writes'), w, '/s');
  draw($('chart-reads'), r, '/s');
  draw($('chart-fsync'), f, 'ms');
  const last = (xs) => (xs.length && Number.isFinite(xs[xs.length - 1].v) ? fmt(xs[xs.length - 1].v) : '–');
  $('now-writes').textContent = last(w);
  $('now-reads').textContent = last(r);
  $('now-fsync').textContent = last(f);
}

/** One scrape at a time: a slow member gets no second request while the first is out. */
let busy = false;
async function tick() {
  if (busy) return;
  busy = true;
  try { await sample(); } finally { busy = false; }
}

export function initCharts() {
  tick();
  setInterval(tick, 2000);
}
