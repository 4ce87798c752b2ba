// Suspend or resume a billing account's VMs, after a confirmation, and watch the operation VM by VM.
import { get, post } from '../api.js';
import { h, replace, badge, table, problem, when } from '../dom.js';

export async function render(view) {
  const account = h('input', { type: 'text', id: 'account', placeholder: 'account id', list: 'known-accounts', size: 20 });
  const known = h('datalist', { id: 'known-accounts' });
  const mode = h('select', { id: 'suspend-mode' }, h('option', { value: 'suspend' }, 'suspend (memory to disk)'),
    h('option', { value: 'shutdown' }, 'clean shutdown'));
  const progress = h('div', { id: 'operation' });
  let polling = null;

  async function start(action) {
    const id = account.value.trim();
    if (!id) return;
    const what = action === 'suspend' ? `Stop every running VM billed to ${id} (${mode.value})?` : `Start the VMs a suspension of ${id} stopped?`;
    if (!confirm(what)) return;
    const reason = prompt('Reason (goes to the audit log)');
    if (!reason) return;
    try {
      const answer = await post(`/v1/accounts/${encodeURIComponent(id)}/${action}`, action === 'suspend' ? { mode: mode.value, reason } : { reason });
      follow(answer.body);
    } catch (err) {
      replace(progress, problem(err));
    }
  }

  function showOperation(op) {
    replace(progress, h('h2', {}, `${op.action} ${op.account}: `, h('span', { 'data-state': op.state }, badge(op.state))),
      h('p', { class: 'muted' }, `by ${op.actor}, started ${when(op.startedAt)}${op.finishedAt ? `, finished ${when(op.finishedAt)}` : ''}`),
      table(['VM', 'Pool', 'Was', 'Outcome', 'Detail'], (op.steps || []).map(s => h('tr', {},
        h('td', {}, h('a', { href: `#/vms/${s.vmUuid}` }, s.vmName || s.vmUuid)), h('td', {}, s.pool), h('td', {}, s.powerStateBefore ?? '–'),
        h('td', {}, badge(s.outcome)), h('td', {}, s.detail ?? '')))));
  }

  function follow(op) {
    showOperation(op);
    clearInterval(polling);
    polling = setInterval(async () => {
      const now = await get(`/v1/accounts/operations/${op.id}`);
      showOperation(now);
      if (now.state !== 'running') clearInterval(polling);
    }, 1000);
  }

  replace(view, h('h1', {}, 'Accounts'),
    h('p', { class: 'muted' }, 'Suspending stops every running VM billed to the account; resuming starts exactly the VMs a suspension stopped.'),
    h('div', { class: 'toolbar' }, account, known, mode,
      h('button', { type: 'button', class: 'danger', id: 'suspend', onclick: () => start('suspend') }, 'Suspend…'),
      h('button', { type: 'button', id: 'resume', onclick: () => start('resume') }, 'Resume…')), progress);
  // Accounts seen in the last 30 days' usage, to pick from.
  const to = new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
  const from = new Date(Date.now() - 30 * 86400e3).toISOString().slice(0, 10);
  get(`/v1/usage?from=${from}T00:00:00Z&to=${to}T00:00:00Z&granularity=month`).then(u =>
    [...new Set(u.items.map(r => r.account).filter(Boolean))].sort().forEach(a => known.append(h('option', { value: a })))).catch(() => {});
  return { dispose: () => clearInterval(polling) };
}
