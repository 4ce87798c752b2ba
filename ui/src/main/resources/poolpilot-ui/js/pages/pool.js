// One pool: its hosts (bars), CPU per host over time, its VMs, its policy; an operator may ask for a plan.
import { get, all, post, may } from '../api.js';
import { h, replace, percent, bytes, table, badge, problem } from '../dom.js';
import { hostRow, HOST_HEADERS, imbalance } from './hosts.js';
import { hostsCpuChart } from '../charts.js';

export async function render(view, poolId) {
  const [pool, policy] = await Promise.all([get(`/v1/pools/${poolId}`), get(`/v1/pools/${poolId}/policy`).catch(() => null)]);
  let hosts = await all(`/v1/pools/${poolId}/hosts`);
  const summary = h('div');
  const vmList = h('div');
  const charts = h('div');
  const newest = () => hosts.map(x => x.latest?.at).filter(Boolean).sort().at(-1);
  const chart = hostsCpuChart(charts, hosts, newest);
  const actions = h('div', { class: 'toolbar' });
  if (may('operator')) {
    const mode = h('select', { id: 'plan-mode' }, ['balance', 'consolidate'].map(m => h('option', { value: m }, m)));
    const error = h('span');
    actions.append('New plan:', mode, h('button', { type: 'button', class: 'primary', id: 'propose', onclick: async () => {
      try {
        const made = await post(`/v1/pools/${poolId}/plans`, { mode: mode.value, reason: 'requested from the web console' });
        location.hash = `#/plans/${made.body.id}`;
      } catch (err) { replace(error, problem(err)); }
    } }, 'Propose'), error);
  }
  replace(view, h('h1', {}, `Pool ${pool.name}`), summary, actions, h('h2', {}, 'Hosts'), h('div', { id: 'hosts' }), charts,
    h('h2', {}, 'VMs'), vmList);
  async function refresh() {
    hosts = await all(`/v1/pools/${poolId}/hosts`);
    const vms = await all(`/v1/pools/${poolId}/vms`);
    const names = new Map(hosts.map(x => [x.uuid, x.name]));
    const perHost = new Map();
    vms.forEach(v => v.hostUuid && perHost.set(v.hostUuid, (perHost.get(v.hostUuid) || 0) + 1));
    replace(summary, h('div', { class: 'facts' }, h('span', {}, 'master ', h('b', {}, pool.masterAddress)),
      h('span', {}, h('b', {}, hosts.length), ' hosts'), h('span', {}, h('b', {}, vms.length), ' VMs'),
      h('span', {}, 'imbalance ', h('b', {}, percent(imbalance(hosts)))),
      h('span', {}, 'policy ', h('b', {}, policy ? policy.mode : pool.policyMode)),
      policy?.limits ? h('span', {}, 'limits ', h('b', {}, `${policy.limits.migrationsPerHour} migrations/h, ${policy.limits.gibPerHour} GiB/h`)) : null,
      h('a', { href: '#/plans' }, 'plans')));
    replace(view.querySelector('#hosts'), table(HOST_HEADERS, hosts.map(x => hostRow(x, perHost.get(x.uuid) || 0))));
    replace(vmList, table(['VM', 'Power', 'Host', { text: 'vCPUs', attrs: { class: 'num' } }, { text: 'Memory', attrs: { class: 'num' } },
      { text: 'CPU', attrs: { class: 'num' } }],
      vms.map(v => h('tr', { 'data-vm': v.name }, h('td', {}, h('a', { href: `#/vms/${v.uuid}` }, v.name)), h('td', {}, badge(v.powerState)),
        h('td', {}, v.hostUuid ? h('a', { href: `#/hosts/${v.hostUuid}` }, names.get(v.hostUuid) || v.hostUuid) : '–'),
        h('td', { class: 'num' }, v.vcpuCount), h('td', { class: 'num' }, bytes(v.memoryBytes)),
        h('td', { class: 'num' }, v.latest ? percent(v.latest.cpuFraction) : '–')))));
    view.dataset.refreshed = String(Date.now());
  }
  await refresh();
  await chart.refresh();
  return {
    refreshSeconds: 5,
    refresh: async () => { await refresh(); if (chart.live()) await chart.refresh(); },
    onEvent: (type, data) => { if (data?.poolId === poolId && type !== 'plan.progress') refresh(); },
  };
}
