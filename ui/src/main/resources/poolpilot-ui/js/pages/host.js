// One host: what it is, its VMs, its charts (live for 15 min, history for 6 h / 7 d / 30 d).
import { get, all } from '../api.js';
import { h, replace, bytes, percent, rate, when, badge, table, bar } from '../dom.js';
import { metricCharts, HOST_CHARTS } from '../charts.js';
import { memoryUsed, memoryFraction } from './hosts.js';

export async function render(view, uuid) {
  let host = await get(`/v1/hosts/${uuid}`);
  const facts = h('div');
  const charts = h('div');
  const vms = (await all(`/v1/pools/${host.poolId}/vms`)).filter(v => v.hostUuid === uuid);
  const chart = metricCharts(charts, 'hosts', uuid, HOST_CHARTS, () => host.latest?.at);
  function show() {
    replace(facts, h('dl', { class: 'kv' },
      h('dt', {}, 'Pool'), h('dd', {}, h('a', { href: `#/pools/${host.poolId}` }, host.poolId)),
      h('dt', {}, 'State'), h('dd', {}, host.enabled ? 'enabled' : 'disabled (no migrations to it)'),
      h('dt', {}, 'CPUs'), h('dd', {}, host.cpuCount),
      h('dt', {}, 'CPU now'), h('dd', {}, bar(host.latest?.cpuFraction, percent(host.latest?.cpuFraction))),
      h('dt', {}, 'Memory'), h('dd', {}, bar(memoryFraction(host), `${bytes(memoryUsed(host))} used of ${bytes(host.memoryTotalBytes)}`)),
      h('dt', {}, 'Network'), h('dd', {}, `${rate(host.latest?.networkRxBytesPerSecond)} in, ${rate(host.latest?.networkTxBytesPerSecond)} out`),
      h('dt', {}, 'Last sample'), h('dd', {}, when(host.latest?.at))));
  }
  show();
  replace(view, h('h1', {}, `Host ${host.name}`), facts, h('h2', {}, 'Charts'), charts, h('h2', {}, `VMs on ${host.name}`),
    table(['VM', 'Power', 'vCPUs', 'Memory'], vms.map(v => h('tr', {}, h('td', {}, h('a', { href: `#/vms/${v.uuid}` }, v.name)),
      h('td', {}, badge(v.powerState)), h('td', {}, v.vcpuCount), h('td', {}, bytes(v.memoryBytes))))));
  await chart.refresh();
  return {
    refreshSeconds: 5,
    refresh: async () => { host = await get(`/v1/hosts/${uuid}`); show(); if (chart.live()) await chart.refresh(); },
  };
}
