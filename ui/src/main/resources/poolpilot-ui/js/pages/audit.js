// The audit log: who did what, to what, why and when; newest first, a page at a time.
import { get } from '../api.js';
import { h, replace, table, when } from '../dom.js';

export async function render(view) {
  const list = h('tbody');
  const more = h('button', { type: 'button' }, 'More');
  let next = null;
  async function page() {
    const answer = await get(`/v1/audit?limit=100${next ? `&after=${encodeURIComponent(next)}` : ''}`);
    answer.items.forEach(e => list.append(h('tr', {}, h('td', {}, when(e.at)), h('td', {}, e.actor), h('td', {}, e.action),
      h('td', {}, e.target), h('td', {}, e.reason || '–'),
      h('td', { class: 'muted' }, Object.entries(e.detail || {}).map(([k, v]) => `${k}=${v}`).join(' ')))));
    next = answer.next;
    more.hidden = !next;
  }
  more.addEventListener('click', page);
  replace(view, h('h1', {}, 'Audit log'), h('table', {}, h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'Target', 'Why', 'Detail']
    .map(c => h('th', {}, c)))), list), more);
  await page();
}
