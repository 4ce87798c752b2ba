// Every pool's plans, newest first; live as plans change state.
import { get, all } from '../api.js';
import { h, replace, badge, table, when } from '../dom.js';

export async function render(view) {
  const list = h('div');
  replace(view, h('h1', {}, 'Plans'), list);
  async function refresh() {
    const pools = (await get('/v1/pools')).items;
    const plans = (await Promise.all(pools.map(p => all(`/v1/pools/${p.id}/plans`)))).flat()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    replace(list, plans.length ? table(['Plan', 'Pool', 'Mode', 'State', 'Steps', 'By', 'Created'], plans.map(p => h('tr', { 'data-plan': p.id },
      h('td', {}, h('a', { href: `#/plans/${p.id}` }, p.id.slice(0, 8))), h('td', {}, p.poolId), h('td', {}, p.mode),
      h('td', {}, badge(p.state)), h('td', {}, `${p.steps.filter(s => s.status === 'done').length} / ${p.steps.length}`),
      h('td', {}, p.createdBy), h('td', {}, when(p.createdAt))))) : h('p', { class: 'muted' }, 'No plans yet: propose one from a pool page.'));
  }
  await refresh();
  return { refresh, refreshSeconds: 15, onEvent: type => { if (type === 'plan.state') refresh(); } };
}
