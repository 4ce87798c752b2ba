// Metered usage per account, by day or month: a table, a chart of VM-hours, and the same rows as CSV.
import { get, getText } from '../api.js';
import { h, replace, table, bytes } from '../dom.js';
import uPlot from '../../vendor/uplot/dist/uPlot.esm.js';

const day = d => d.toISOString().slice(0, 10);

export async function render(view) {
  const now = new Date();
  const from = h('input', { type: 'date', id: 'usage-from', value: day(new Date(now.getTime() - 30 * 86400e3)) });
  const to = h('input', { type: 'date', id: 'usage-to', value: day(new Date(now.getTime() + 86400e3)) });
  const granularity = h('select', { id: 'usage-granularity' }, ['day', 'month'].map(g => h('option', { value: g }, `by ${g}`)));
  const account = h('input', { type: 'text', id: 'usage-account', placeholder: 'every account', size: 16 });
  const list = h('div');
  const chartBox = h('div', { class: 'chart', 'data-chart': 'usage' });
  const query = () => {
    const q = new URLSearchParams({ from: `${from.value}T00:00:00Z`, to: `${to.value}T00:00:00Z`, granularity: granularity.value });
    if (account.value.trim()) q.set('account', account.value.trim());
    return q;
  };
  const csv = h('button', { type: 'button', id: 'usage-csv', onclick: async () => {
    const text = await getText(`/v1/usage?${query()}`, 'text/csv');
    const link = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })),
      download: `usage-${from.value}-${to.value}-${granularity.value}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
  } }, 'Download CSV');
  [from, to, granularity].forEach(i => i.addEventListener('change', refresh));
  account.addEventListener('change', refresh);
  replace(view, h('h1', {}, 'Usage'), h('div', { class: 'toolbar' }, from, '→', to, granularity, account, csv), chartBox, list);
  let plot = null;
  async function refresh() {
    const rows = (await get(`/v1/usage?${query()}`)).items;
    replace(list, rows.length ? table(['Period', 'Account', 'VM-hours', 'Coverage', 'vCPU-hours', 'CPU-hours', 'Memory GiB-h',
      'Disk read / written', 'Network in / out'], rows.map(r => h('tr', {}, h('td', {}, r.periodStart.slice(0, granularity.value === 'day' ? 10 : 7)),
      h('td', {}, r.account ?? 'none'), h('td', { class: 'num' }, r.vmHours), h('td', { class: 'num' }, `${(r.coverage * 100).toFixed(0)} %`),
      h('td', { class: 'num' }, (r.vcpuSeconds / 3600).toFixed(1)), h('td', { class: 'num' }, (r.cpuSeconds / 3600).toFixed(2)),
      h('td', { class: 'num' }, r.memoryGibHours.toFixed(1)), h('td', {}, `${bytes(r.diskReadBytes)} / ${bytes(r.diskWriteBytes)}`),
      h('td', {}, `${bytes(r.netRxBytes)} / ${bytes(r.netTxBytes)}`)))) : h('p', { class: 'muted' }, 'No usage in this range.'));
    // The chart: VM-hours per period, one line per account.
    const periods = [...new Set(rows.map(r => r.periodStart))].sort();
    const accounts = [...new Set(rows.map(r => r.account ?? 'none'))].sort();
    const data = [periods.map(p => new Date(p).getTime() / 1000),
      ...accounts.map(a => periods.map(p => rows.filter(r => r.periodStart === p && (r.account ?? 'none') === a)
        .reduce((sum, r) => sum + r.vmHours, 0)))];
    plot?.destroy();
    chartBox.replaceChildren(h('h3', {}, 'VM-hours per account'));
    const body = h('div');
    chartBox.append(body);
    plot = new uPlot({ width: Math.max(360, body.clientWidth || 800), height: 220, scales: { x: { time: true } },
      series: [{}, ...accounts.map((a, i) => ({ label: a, stroke: `hsl(${(i * 67) % 360} 60% 45%)`, width: 1.5,
        paths: uPlot.paths.stepped({ align: 1 }) }))] }, data, body);
  }
  await refresh();
}
