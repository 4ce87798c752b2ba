// One VM in plain words: power state, host, account, its disks (size, storage) and network interfaces
// (MAC, network), and its charts (live for 15 min, history for 6 h / 7 d / 30 d).
import { get } from '../api.js';
import { h, replace, bytes, percent, rate, when, badge, table } from '../dom.js';
import { metricCharts, VM_CHARTS } from '../charts.js';

export async function render(view, uuid) {
  let vm = await get(`/v1/vms/${uuid}`);
  const facts = h('div');
  const devices = h('div');
  const charts = h('div');
  const chart = metricCharts(charts, 'vms', uuid, VM_CHARTS, () => vm.latest?.at);
  async function show() {
    const host = vm.hostUuid ? await get(`/v1/hosts/${vm.hostUuid}`).catch(() => null) : null;
    replace(facts, h('dl', { class: 'kv', id: 'vm-facts' },
      h('dt', {}, 'Power state'), h('dd', { 'data-power': vm.powerState }, badge(vm.powerState)),
      h('dt', {}, 'Host'), h('dd', {}, host ? h('a', { href: `#/hosts/${host.uuid}` }, host.name) : 'not running on a host'),
      h('dt', {}, 'Pool'), h('dd', {}, h('a', { href: `#/pools/${vm.poolId}` }, vm.poolId)),
      h('dt', {}, 'Billing account'), h('dd', {}, vm.account || 'none'),
      h('dt', {}, 'vCPUs'), h('dd', {}, vm.vcpuCount),
      h('dt', {}, 'Memory'), h('dd', {}, bytes(vm.memoryBytes)),
      h('dt', {}, 'CPU now'), h('dd', {}, percent(vm.latest?.cpuFraction)),
      h('dt', {}, 'Disk now'), h('dd', {}, `${rate(vm.latest?.diskReadBytesPerSecond)} read, ${rate(vm.latest?.diskWriteBytesPerSecond)} written`),
      h('dt', {}, 'Network now'), h('dd', {}, `${rate(vm.latest?.networkRxBytesPerSecond)} in, ${rate(vm.latest?.networkTxBytesPerSecond)} out`),
      h('dt', {}, 'Last sample'), h('dd', {}, when(vm.latest?.at)),
      h('dt', {}, 'UUID'), h('dd', { class: 'muted' }, vm.uuid)));
    replace(devices,
      h('h2', {}, 'Disks'),
      vm.disks ? table(['Disk', 'Size', 'Storage', 'Attached as', 'Mode'], vm.disks.map(d => h('tr', {},
        h('td', {}, d.name), h('td', {}, bytes(d.sizeBytes)), h('td', {}, d.storage), h('td', {}, d.device ?? '–'),
        h('td', {}, d.readOnly ? 'read-only' : 'read-write'))), { id: 'disks' }) : h('p', { class: 'muted' }, 'not reported'),
      h('h2', {}, 'Network interfaces'),
      vm.networkInterfaces ? table(['Interface', 'MAC address', 'Network', 'Connected'], vm.networkInterfaces.map(n => h('tr', {},
        h('td', {}, n.device), h('td', {}, n.mac), h('td', {}, n.network), h('td', {}, n.connected ? 'yes' : 'no'))), { id: 'nics' })
        : h('p', { class: 'muted' }, 'not reported'));
  }
  await show();
  replace(view, h('h1', {}, `VM ${vm.name}`), facts, devices, h('h2', {}, 'Charts'), charts);
  await chart.refresh();
  return {
    refreshSeconds: 5,
    refresh: async () => { vm = await get(`/v1/vms/${uuid}`); await show(); if (chart.live()) await chart.refresh(); },
    onEvent: (type, data) => { if (type === 'inventory.changed' && data?.poolId === vm.poolId) get(`/v1/vms/${uuid}`).then(v => { vm = v; show(); }); },
  };
}
