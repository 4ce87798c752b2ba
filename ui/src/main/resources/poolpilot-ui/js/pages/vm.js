// One VM in plain words: power state, host, account, its disks (size, storage) and network interfaces
// (MAC, network), and its charts (live for 15 min, history for 6 h / 7 d / 30 d). An operator gets the
// power actions the VM's power state allows, each after a confirmation and a reason, and watches the
// operation to its end; a refusal (409) shows the pool's reason. A running VM's console opens on the page
// (or on its own page, #/vms/<uuid>/console).
import { get, post, all, may } from '../api.js';
import { h, replace, bytes, percent, rate, when, badge, table, problem } from '../dom.js';
import { metricCharts, VM_CHARTS } from '../charts.js';
import { mountConsole } from '../console.js';

/** The actions offered per power state: [action, label, button class, question]. */
const ACTIONS = {
  halted: [['start', 'Start', 'primary', 'Start']],
  running: [['shutdown', 'Shut down', null, 'Shut down (clean)'], ['reboot', 'Reboot', null, 'Reboot (clean)'],
    ['suspend', 'Suspend', null, 'Suspend (memory to disk)'], ['hard-shutdown', 'Hard shutdown', 'danger', 'Power off (not clean)']],
  suspended: [['resume', 'Resume', 'primary', 'Resume'], ['hard-shutdown', 'Hard shutdown', 'danger', 'Power off (the suspended state is lost)']],
  paused: [['hard-shutdown', 'Hard shutdown', 'danger', 'Power off (not clean)']],
};
const FINAL = ['succeeded', 'failed'];

export async function render(view, uuid) {
  let vm = await get(`/v1/vms/${uuid}`);
  const facts = h('div');
  const devices = h('div');
  const charts = h('div');
  const actions = h('div', { class: 'toolbar', id: 'vm-actions' });
  const progress = h('div', { id: 'vm-operation' });
  let operation = null;
  let polling = null;
  let offered = null;
  let vmConsole = null;
  const consoleArea = h('section', { id: 'console', class: 'console' });
  const consoleBar = h('div', { class: 'toolbar', id: 'vm-console-bar' });
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
    await showActions();
    if (operation && FINAL.includes(operation.state)) showOperation();
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
  async function act(action, question, hostId, hostName) {
    const where = hostId ? ` to ${hostName}` : '';
    if (!confirm(`${question}: VM ${vm.name}${where}?`)) return;
    const reason = prompt('Reason (goes to the audit log)');
    if (!reason) return;
    try {
      const answer = await post(`/v1/vms/${uuid}/actions`, hostId ? { action, hostId, reason } : { action, reason });
      follow(answer.body);
    } catch (err) {
      operation = null;
      replace(progress, problem(err));
    }
  }

  function showOperation() {
    const op = operation;
    if (!op) return;
    replace(progress, h('h2', {}, `${op.action}: `, h('span', { 'data-state': op.state }, badge(op.state))),
      h('p', { class: 'muted' }, `by ${op.actor}, requested ${when(op.createdAt)}${op.finishedAt ? `, finished ${when(op.finishedAt)}` : ''}`),
      op.state === 'succeeded' ? h('p', {}, 'Power state now: ', h('b', { id: 'vm-power-now', 'data-power': vm.powerState }, badge(vm.powerState))) : null,
      op.state === 'failed' && op.problem ? problem({ body: op.problem }) : null);
  }

  function follow(op) {
    operation = op;
    showOperation();
    clearInterval(polling);
    polling = setInterval(async () => {
      try {
        operation = await get(`/v1/operations/${op.id}`);
        if (FINAL.includes(operation.state)) {
          clearInterval(polling);
          vm = await get(`/v1/vms/${uuid}`);
          await show();
        }
        showOperation();
      } catch (err) {
        clearInterval(polling);
        replace(progress, problem(err));
      }
    }, 1000);
  }

  async function showActions() {
    // Redrawn only when what may be done changes, so a click never lands on a button being replaced.
    const key = `${vm.powerState}/${vm.hostUuid}`;
    if (key === offered) return;
    offered = key;
    if (!may('operator')) return replace(actions); // the server refuses anyway (403); the page does not offer it
    const buttons = (ACTIONS[vm.powerState] || []).map(([action, label, cls, question]) =>
      h('button', { type: 'button', class: cls, id: `vm-${action}`, onclick: () => act(action, question) }, `${label}…`));
    // The console is not a power action: its own bar, above where it opens.
    replace(consoleBar, vm.powerState === 'running' ? [h('button', { type: 'button', id: 'vm-console', onclick: () => {
      vmConsole?.dispose();
      vmConsole = mountConsole(consoleArea, uuid, vm.name);
    } }, 'Console'), h('a', { href: `#/vms/${uuid}/console`, id: 'vm-console-page' }, 'console on its own page')] : []);
    if (vm.powerState === 'running') {
      const others = (await all(`/v1/pools/${vm.poolId}/hosts`).catch(() => [])).filter(x => x.uuid !== vm.hostUuid)
        .sort((a, b) => a.name.localeCompare(b.name));
      if (others.length) {
        const target = h('select', { id: 'migrate-host' }, others.map(x => h('option', { value: x.uuid }, x.name)));
        buttons.push(h('button', { type: 'button', id: 'vm-migrate', onclick: () =>
          act('migrate', 'Migrate (live)', target.value, target.selectedOptions[0]?.textContent) }, 'Migrate…'), h('label', {}, 'to ', target));
      }
    }
    if (offered === key) replace(actions, buttons); // unless the state changed again meanwhile
  }

  await show();
  replace(view, h('h1', {}, `VM ${vm.name}`), actions, progress, consoleBar, consoleArea, facts, devices, h('h2', {}, 'Charts'), charts);
  await chart.refresh();
  return {
    refreshSeconds: 5,
    dispose: () => { clearInterval(polling); vmConsole?.dispose(); },
    refresh: async () => { vm = await get(`/v1/vms/${uuid}`); await show(); if (chart.live()) await chart.refresh(); },
    onEvent: (type, data) => { if (type === 'inventory.changed' && data?.poolId === vm.poolId) get(`/v1/vms/${uuid}`).then(v => { vm = v; show(); }); },
  };
}
