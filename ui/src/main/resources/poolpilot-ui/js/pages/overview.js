// Every pool at a glance: hosts with CPU and memory bars, imbalance, policy mode, open alerts. The SSE
// stream carries inventory and alert changes (refetched at once); load is not on it, so hosts refresh every 5 s.
import { get, all } from '../api.js';
import { h, replace, percent, badge, table, when } from '../dom.js';
import { hostRow, HOST_HEADERS, imbalance } from './hosts.js';

export async function render(view) {
  const root = h('div', { id: 'overview' });
  replace(view, h('h1', {}, 'Pools'), root);
  async function refresh() {
    const pools = (await get('/v1/pools')).items;
    const open = (await get('/v1/alerts?state=open&limit=200')).items;
    const cards = await Promise.all(pools.map(async pool => {
      const [hosts, vms] = await Promise.all([all(`/v1/pools/${pool.id}/hosts`), all(`/v1/pools/${pool.id}/vms`)]);
      const perHost = new Map();
      vms.forEach(v => v.hostUuid && perHost.set(v.hostUuid, (perHost.get(v.hostUuid) || 0) + 1));
      const alerts = open.filter(a => a.poolId === pool.id);
      const spread = imbalance(hosts);
      return h('section', { class: 'card', 'data-pool': pool.id },
        h('h2', {}, h('a', { href: `#/pools/${pool.id}` }, pool.name)),
        h('div', { class: 'facts' },
          h('span', {}, h('b', {}, hosts.length), ' hosts'), h('span', {}, h('b', {}, vms.length), ' VMs'),
          h('span', {}, 'imbalance ', h('b', { 'data-imbalance': spread ?? '' }, percent(spread))),
          h('span', {}, 'policy ', h('b', {}, pool.policyMode)),
          h('span', {}, h('b', {}, alerts.length), ' open alerts')),
        table(HOST_HEADERS, hosts.map(x => hostRow(x, perHost.get(x.uuid) || 0))),
        alerts.length ? h('ul', { class: 'plain alerts' }, alerts.map(a => h('li', {}, badge(a.severity), ' ', a.kind, ': ',
          a.message || a.subject, h('span', { class: 'muted' }, ' since ', when(a.raisedAt))))) : null);
    }));
    replace(root, h('div', { class: 'cards' }, cards));
    root.dataset.refreshed = String(Date.now());
  }
  await refresh();
  return {
    refresh, refreshSeconds: 5,
    onEvent: type => { if (type !== 'plan.progress') refresh(); },
  };
}
