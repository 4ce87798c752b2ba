// Alerts, open and cleared, filtered by state, pool and kind (the API's own filters).
import { get } from '../api.js';
import { h, replace, badge, table, when } from '../dom.js';

const KINDS = ['', 'host-down', 'vm-stranded', 'storage-lost', 'host-overloaded'];

export async function render(view) {
  const pools = (await get('/v1/pools')).items;
  const state = h('select', { id: 'alert-state' }, ['open', 'cleared', ''].map(s => h('option', { value: s }, s || 'any state')));
  const pool = h('select', { id: 'alert-pool' }, h('option', { value: '' }, 'every pool'), pools.map(p => h('option', { value: p.id }, p.name)));
  const kind = h('select', { id: 'alert-kind' }, KINDS.map(k => h('option', { value: k }, k || 'every kind')));
  const list = h('div');
  [state, pool, kind].forEach(s => s.addEventListener('change', () => refresh()));
  replace(view, h('h1', {}, 'Alerts'), h('div', { class: 'toolbar' }, state, pool, kind), list);
  async function refresh() {
    const q = new URLSearchParams({ limit: '200' });
    if (state.value) q.set('state', state.value);
    if (pool.value) q.set('pool', pool.value);
    if (kind.value) q.set('kind', kind.value);
    const alerts = (await get(`/v1/alerts?${q}`)).items;
    replace(list, alerts.length ? table(['Severity', 'Kind', 'Pool', 'Subject', 'Message', 'Raised', 'Cleared'], alerts.map(a => h('tr', {},
      h('td', {}, badge(a.severity)), h('td', {}, a.kind), h('td', {}, a.poolId), h('td', {}, a.subject), h('td', {}, a.message),
      h('td', {}, when(a.raisedAt)), h('td', {}, a.clearedAt ? when(a.clearedAt) : 'open')))) : h('p', { class: 'muted' }, 'No alerts match.'));
  }
  await refresh();
  return { refresh, refreshSeconds: 30, onEvent: type => { if (type.startsWith('alert.')) refresh(); } };
}
