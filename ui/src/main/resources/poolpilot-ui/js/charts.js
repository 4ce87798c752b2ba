// Charts with uPlot (from its webjar): time series of the metrics API and the plan's before/after bars.
import uPlot from '../vendor/uplot/dist/uPlot.esm.js';
import { h, bytes, percent } from './dom.js';
import { get } from './api.js';

export const RANGES = [
  { id: '15m', label: '15 min', seconds: 15 * 60, step: 5 },
  { id: '6h', label: '6 h', seconds: 6 * 3600, step: 60 },
  { id: '7d', label: '7 d', seconds: 7 * 86400, step: 900 },
  { id: '30d', label: '30 d', seconds: 30 * 86400, step: 3600 },
];

const COLOURS = ['#2f6fde', '#d98a00', '#2e9d5b', '#b4469b', '#d23b3b', '#5b6b82', '#00a3a3', '#8a5a00'];

/** Which metrics of a subject go in which chart, and how each is shown. */
export const VM_CHARTS = [
  { title: 'CPU (cores used)', metrics: ['cpu_used_cores'], format: v => v.toFixed(2) },
  { title: 'Memory', metrics: ['memory_bytes'], format: bytes },
  { title: 'Disk', metrics: ['disk_read_bytes_per_second', 'disk_write_bytes_per_second'], format: v => `${bytes(v)}/s` },
  { title: 'Network', metrics: ['net_rx_bytes_per_second', 'net_tx_bytes_per_second'], format: v => `${bytes(v)}/s` },
];
export const HOST_CHARTS = [
  { title: 'CPU', metrics: ['cpu_fraction'], format: percent },
  { title: 'Memory free', metrics: ['memory_free_bytes'], format: bytes },
  { title: 'Load average', metrics: ['load_average'], format: v => v.toFixed(2) },
  { title: 'Network', metrics: ['net_rx_bytes_per_second', 'net_tx_bytes_per_second'], format: v => `${bytes(v)}/s` },
];

const LABELS = { cpu_used_cores: 'cores used', memory_bytes: 'memory', cpu_fraction: 'CPU', memory_free_bytes: 'free',
  load_average: 'load', disk_read_bytes_per_second: 'read', disk_write_bytes_per_second: 'write',
  net_rx_bytes_per_second: 'received', net_tx_bytes_per_second: 'sent' };

function timeChart(el, title, names, data, format) {
  const width = Math.max(320, el.clientWidth - 16);
  return new uPlot({
    width, height: 200, title: undefined,
    series: [{}, ...names.map((name, i) => ({ label: LABELS[name] || name, stroke: COLOURS[i], width: 1.5,
      value: (u, v) => v === null || v === undefined ? '–' : format(v) }))],
    axes: [{}, { size: 70, values: (u, ticks) => ticks.map(format) }],
    scales: { x: { time: true } },
  }, data, el);
}

/**
 * The live + historical charts of a host or VM: a range picker and one chart per group of metrics. The
 * window ends at the subject's newest sample (the daemon's clock, not the browser's). Returns refresh().
 */
export function metricCharts(container, kind, uuid, groups, newest) {
  let range = RANGES[0];
  const picker = h('div', { class: 'toolbar ranges' }, 'Range:',
    RANGES.map(r => h('button', { type: 'button', 'data-range': r.id, class: r === range ? 'active' : null,
      onclick: () => { range = r; mark(); refresh(); } }, r.label)));
  const grid = h('div', { class: 'charts' });
  const slots = groups.map(g => {
    const body = h('div', { 'data-chart': g.title });
    grid.append(h('div', { class: 'chart' }, h('h3', {}, g.title), body));
    return { group: g, body, plot: null };
  });
  container.append(picker, grid);
  function mark() {
    picker.querySelectorAll('button').forEach(b => b.classList.toggle('active', b.dataset.range === range.id));
  }
  async function refresh() {
    const end = newest() ? new Date(newest()).getTime() + 1000 : Date.now();
    const from = new Date(end - range.seconds * 1000).toISOString();
    const to = new Date(end).toISOString();
    const series = await get(`/v1/${kind}/${uuid}/metrics?from=${from}&to=${to}&step=${range.step}`);
    const xs = series.points.map(p => new Date(p.at).getTime() / 1000);
    for (const slot of slots) {
      const columns = slot.group.metrics.map(m => series.points.map(p => p.values[series.metrics.indexOf(m)]));
      const data = [xs, ...columns];
      if (slot.plot && slot.range === range.id) slot.plot.setData(data);
      else {
        slot.plot?.destroy();
        slot.body.replaceChildren();
        slot.plot = timeChart(slot.body, slot.group.title, slot.group.metrics, data, slot.group.format);
        slot.range = range.id;
      }
      slot.body.dataset.points = String(xs.length);
    }
    container.dataset.resolution = series.resolution;
  }
  return { refresh, live: () => range.id === '15m' };
}

/** Grouped bars: one group per category (host), one bar per series (before, after), values 0..1. */
export function barChart(el, categories, seriesList, format) {
  const n = seriesList.length;
  const offset = k => (k - (n - 1) / 2) * 0.32;
  // One x array for every series: each category gets n slots, each series fills only its own.
  const xs = [];
  const columns = seriesList.map(() => []);
  categories.forEach((_, i) => seriesList.forEach((s, k) => {
    xs.push(i + offset(k));
    columns.forEach((col, c) => col.push(c === k ? s.values[i] : null));
  }));
  const bars = uPlot.paths.bars({ size: [0.9, 48] });
  const top = Math.max(1, ...seriesList.flatMap(s => s.values)) * 1.05;
  return new uPlot({
    width: Math.max(360, el.clientWidth - 16), height: 240,
    scales: { x: { time: false, range: [-0.6, categories.length - 0.4] }, y: { range: [0, top] } },
    axes: [{ splits: () => categories.map((_, i) => i), values: (u, ticks) => ticks.map(t => categories[Math.round(t)] ?? '') },
           { size: 60, values: (u, ticks) => ticks.map(format) }],
    series: [{ value: (u, v) => categories[Math.round(v)] ?? '' }, ...seriesList.map((s, i) => ({
      label: s.label, fill: COLOURS[i] + 'cc', stroke: COLOURS[i], width: 1, paths: bars, points: { show: false },
      value: (u, v) => v === null || v === undefined ? '–' : format(v) }))],
  }, [xs, ...columns], el);
}

/** One chart, one line per host: the pool's CPU per host over the chosen range. Returns refresh(). */
export function hostsCpuChart(container, hosts, newest) {
  let range = RANGES[0];
  const body = h('div', { 'data-chart': 'pool-cpu' });
  const picker = h('div', { class: 'toolbar ranges' }, 'Range:', RANGES.map(r => h('button', { type: 'button', 'data-range': r.id,
    class: r === range ? 'active' : null, onclick: e => {
      range = r;
      picker.querySelectorAll('button').forEach(b => b.classList.toggle('active', b === e.target));
      plot?.destroy(); plot = null; refresh();
    } }, r.label)));
  container.append(picker, h('div', { class: 'chart' }, h('h3', {}, 'CPU per host'), body));
  let plot = null;
  async function refresh() {
    const end = newest() ? new Date(newest()).getTime() + 1000 : Date.now();
    const from = new Date(end - range.seconds * 1000).toISOString();
    const to = new Date(end).toISOString();
    const all = await Promise.all(hosts.map(x => get(`/v1/hosts/${x.uuid}/metrics?from=${from}&to=${to}&step=${range.step}`)));
    // Align every host on the union of instants (uPlot wants one x array).
    const instants = [...new Set(all.flatMap(s => s.points.map(p => p.at)))].sort();
    const index = new Map(instants.map((at, i) => [at, i]));
    const columns = all.map(s => {
      const col = new Array(instants.length).fill(null);
      const k = s.metrics.indexOf('cpu_fraction');
      s.points.forEach(p => { col[index.get(p.at)] = p.values[k]; });
      return col;
    });
    const data = [instants.map(at => new Date(at).getTime() / 1000), ...columns];
    if (plot) plot.setData(data);
    else {
      body.replaceChildren();
      plot = new uPlot({ width: Math.max(360, body.clientWidth - 16), height: 240, scales: { x: { time: true }, y: { range: [0, 1] } },
        series: [{}, ...hosts.map((x, i) => ({ label: x.name, stroke: COLOURS[i % COLOURS.length], width: 1.5, spanGaps: false,
          value: (u, v) => v === null || v === undefined ? '–' : percent(v) }))],
        axes: [{}, { size: 60, values: (u, ticks) => ticks.map(percent) }] }, data, body);
    }
    body.dataset.points = String(instants.length);
  }
  return { refresh, live: () => range.id === '15m' };
}
