// One plan: predicted load per host before and after (chart and table) and, once it ran, the load measured
// beside the prediction; the planner's explanation, waves and steps each with its reason, attempts and outcome; approve / reject / cancel with If-Match on the version reviewed, a 409
// drift shown as what changed; progress live over the event stream while it executes.
import { get, getWithTag, post, all, may } from '../api.js';
import { h, replace, badge, table, when, percent, bytes, problem } from '../dom.js';
import { barChart } from '../charts.js';

const FINAL = ['succeeded', 'failed', 'cancelled', 'rejected', 'expired'];

/** Steps grouped by the wave the planner put them in (steps of a wave run at once). */
function waves(steps) {
  const byWave = new Map();
  for (const step of [...steps].sort((a, b) => a.index - b.index)) {
    const wave = step.wave ?? step.index;
    if (!byWave.has(wave)) byWave.set(wave, []);
    byWave.get(wave).push(step);
  }
  return [...byWave.keys()].sort((a, b) => a - b).map(k => byWave.get(k));
}

export async function render(view, planId) {
  let answer = await getWithTag(`/v1/plans/${planId}`);
  const hosts = new Map((await all(`/v1/pools/${answer.body.poolId}/hosts`)).map(x => [x.uuid, x.name]));
  const vms = new Map((await all(`/v1/pools/${answer.body.poolId}/vms`)).map(v => [v.uuid, v.name]));
  const head = h('div');
  const actions = h('div', { class: 'toolbar', id: 'plan-actions' });
  const message = h('div', { id: 'plan-message' });
  const forecast = h('div');
  const steps = h('div');
  const chartBox = h('div', { class: 'chart', 'data-chart': 'forecast' });
  let chart = null;
  const hostName = uuid => hosts.get(uuid) || uuid.slice(0, 8);

  async function act(action, needsReason) {
    const reason = needsReason ? prompt(`Why ${action} this plan?`) : prompt('Reason (optional)', 'reviewed in the web console');
    if (needsReason && !reason) return;
    try {
      await post(`/v1/plans/${planId}/${action}`, reason ? { reason } : {}, { 'If-Match': answer.etag });
      replace(message);
    } catch (err) {
      replace(message, problem(err));
    }
    await refresh();
  }

  let offered = null;
  function showActions(plan) {
    // Redrawn only when what may be done changes, so a click never lands on a button being replaced.
    const key = `${plan.state}/${plan.steps.length > 0}`;
    if (key === offered) return;
    offered = key;
    replace(actions);
    if (!may('operator')) return; // the server refuses anyway (403); the page does not offer it
    if (plan.state === 'proposed' && plan.steps.length) {
      actions.append(h('button', { type: 'button', class: 'primary', id: 'approve', onclick: () => act('approve', false) }, 'Approve'));
    }
    if (plan.state === 'proposed') actions.append(h('button', { type: 'button', id: 'reject', onclick: () => act('reject', true) }, 'Reject'));
    if (['approved', 'executing'].includes(plan.state)) {
      actions.append(h('button', { type: 'button', class: 'danger', id: 'cancel', onclick: () => act('cancel', true) }, 'Cancel'));
    }
  }

  function show() {
    const plan = answer.body;
    const done = plan.steps.filter(s => s.status === 'done').length;
    replace(head, h('div', { class: 'facts' },
      h('span', {}, 'pool ', h('b', {}, h('a', { href: `#/pools/${plan.poolId}` }, plan.poolId))), h('span', {}, 'mode ', h('b', {}, plan.mode)),
      h('span', {}, 'state ', h('b', { id: 'plan-state', 'data-state': plan.state }, badge(plan.state))),
      h('span', {}, 'progress ', h('b', { id: 'plan-progress' }, `${done} / ${plan.steps.length} steps`)),
      h('span', {}, 'version ', h('b', {}, plan.version)), h('span', {}, 'by ', h('b', {}, plan.createdBy)),
      h('span', {}, 'created ', h('b', {}, when(plan.createdAt))),
      plan.stateReason ? h('span', {}, 'why: ', h('b', {}, plan.stateReason)) : null,
      plan.budgets ? h('span', {}, 'budgets ', h('b', {}, `${plan.budgets.maxMigrations} migrations, ${plan.budgets.maxGiB} GiB`)) : null));
    showActions(plan);
    if (plan.forecast) {
      const before = plan.forecast.before;
      const after = new Map(plan.forecast.after.map(f => [f.hostId, f]));
      const measured = plan.forecast.measured ? new Map(plan.forecast.measured.map(f => [f.hostId, f])) : null;
      const columns = ['Host', 'VMs before → after', 'CPU before → after', 'Memory before → after'];
      if (measured) columns.push(`Measured ${when(plan.forecast.measuredAt)}: VMs, CPU, memory`);
      replace(forecast, h('h2', {}, measured ? 'Forecast and measured load per host' : 'Forecast: predicted load per host'),
        plan.explanation?.length ? h('ul', { class: 'plain', id: 'explanation' }, plan.explanation.map(l => h('li', {}, l))) : null,
        chartBox,
        table(columns, before.map(b => {
          const a = after.get(b.hostId) || b;
          const m = measured?.get(b.hostId);
          return h('tr', { 'data-forecast-host': b.hostId }, h('td', {}, b.hostName || hostName(b.hostId)),
            h('td', {}, `${b.vmCount} → ${a.vmCount}`),
            h('td', {}, `${percent(b.cpuUtilisation)} → ${percent(a.cpuUtilisation)}`),
            h('td', {}, `${percent(b.memoryUtilisation)} (${bytes(b.memoryUsedBytes)}) → ${percent(a.memoryUtilisation)} (${bytes(a.memoryUsedBytes)})`),
            measured ? h('td', { 'data-measured': '' }, m ? `${m.vmCount} VMs, ${percent(m.cpuUtilisation)}, ${percent(m.memoryUtilisation)}` : '–') : null);
        })));
      if (!chart) {
        chartBox.replaceChildren(h('h3', {}, 'CPU utilisation before and after'));
        const body = h('div');
        chartBox.append(body);
        chart = barChart(body, before.map(b => hostName(b.hostId)), [
          { label: 'before', values: before.map(b => b.cpuUtilisation) },
          { label: 'after', values: before.map(b => (after.get(b.hostId) || b).cpuUtilisation) }], percent);
      }
    } else {
      replace(forecast, h('p', { class: 'muted' }, plan.state === 'proposed' ? 'The planner is still solving…' : 'No forecast.'));
    }
    replace(steps, h('h2', {}, 'Waves and steps'), plan.steps.length ? waves(plan.steps).map((wave, w) => h('div', { class: 'wave' },
      h('h3', {}, `Wave ${w + 1}`),
      table(['#', 'VM', 'From', 'To', 'Memory', 'Reason', 'Status', 'Attempts', 'Outcome'], wave.map(s => h('tr', { 'data-step': s.index, 'data-status': s.status },
        h('td', {}, s.index + 1), h('td', {}, h('a', { href: `#/vms/${s.vmUuid}`, title: s.vmUuid }, s.vmName || vms.get(s.vmUuid) || s.vmUuid.slice(0, 8))),
        h('td', { title: s.fromHostUuid }, s.fromHostName || hostName(s.fromHostUuid)),
        h('td', { title: s.toHostUuid }, s.toHostName || hostName(s.toHostUuid)), h('td', {}, bytes(s.memoryBytes)),
        h('td', {}, s.reason || '–'), h('td', {}, badge(s.status)), h('td', { 'data-attempts': '' }, s.attempts ?? 0),
        h('td', { 'data-outcome': '', title: s.error ? `${s.error.code} ${JSON.stringify(s.error.params)}` : '' },
          s.outcome ? `${s.outcome}${s.finishedAt ? ` (${when(s.finishedAt)})` : ''}` : '–')))))) : h('p', { class: 'muted' }, 'No steps.'));
  }

  async function refresh() {
    answer = await getWithTag(`/v1/plans/${planId}`);
    show();
  }

  replace(view, h('h1', {}, `Plan ${planId.slice(0, 8)}`), head, actions, message, forecast, steps);
  show();
  return {
    refresh, refreshSeconds: 3,
    onEvent: (type, data) => { if (data?.planId === planId && !FINAL.includes(answer.body.state)) refresh(); },
  };
}
