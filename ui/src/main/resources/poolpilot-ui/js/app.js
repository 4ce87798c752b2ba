// The console's shell: login, navigation by URL hash, one live event stream for the page on show.
import * as api from './api.js';
import { h, replace, problem } from './dom.js';
import * as overview from './pages/overview.js';
import * as pool from './pages/pool.js';
import * as host from './pages/host.js';
import * as vm from './pages/vm.js';
import * as vmConsole from './pages/console.js';
import * as plans from './pages/plans.js';
import * as plan from './pages/plan.js';
import * as alerts from './pages/alerts.js';
import * as usage from './pages/usage.js';
import * as accounts from './pages/accounts.js';
import * as audit from './pages/audit.js';

const ROUTES = [
  [/^\/$/, overview], [/^\/pools\/([^/]+)$/, pool], [/^\/hosts\/([^/]+)$/, host], [/^\/vms\/([^/]+)$/, vm],
  [/^\/vms\/([^/]+)\/console$/, vmConsole],
  [/^\/plans$/, plans], [/^\/plans\/([^/]+)$/, plan], [/^\/alerts$/, alerts], [/^\/usage$/, usage],
  [/^\/accounts$/, accounts], [/^\/audit$/, audit],
];

const view = document.getElementById('view');
let page = null;
let timer = null;
let events = null;

function loginPage(reason) {
  const token = h('input', { type: 'password', id: 'token', autocomplete: 'off', placeholder: 'pp_…', required: true });
  const error = h('div');
  const form = h('form', { class: 'card login', id: 'login', onsubmit: async e => {
    e.preventDefault();
    try {
      await api.login(token.value.trim());
      token.value = '';
      started();
    } catch (err) {
      replace(error, problem(err));
    }
  } }, h('h1', {}, 'Log in to PoolPilot'), reason ? h('p', { class: 'muted' }, reason) : null,
    h('label', { for: 'token' }, 'API token'), token, h('button', { type: 'submit', class: 'primary' }, 'Log in'), error,
    h('p', { class: 'muted' }, 'The token is exchanged for a session cookie; the page never stores it.'));
  stop();
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  replace(view, form);
  token.focus();
}

function stop() {
  if (timer) clearInterval(timer);
  timer = null;
  page?.dispose?.();
  page = null;
  events?.close();
  events = null;
}

function started() {
  const who = api.current();
  document.getElementById('who').textContent = `${who.name} (${who.roles.join(', ')})`;
  document.getElementById('logout').hidden = false;
  const nav = document.getElementById('nav');
  nav.hidden = false;
  nav.querySelectorAll('a').forEach(a => { a.hidden = !api.may(a.dataset.grant); });
  listen();
  if (location.hash === '#/login' || !location.hash) location.hash = api.may('viewer') ? '#/' : '#/usage';
  else show();
}

/** One EventSource for the session (cookie auth, same origin); the page on show gets each event. */
function listen() {
  if (events || !api.may('viewer')) return;
  events = new EventSource('/v1/events');
  for (const type of ['plan.progress', 'plan.state', 'inventory.changed', 'alert.raised', 'alert.cleared', 'stream.reset']) {
    events.addEventListener(type, e => page?.onEvent?.(type, JSON.parse(e.data).data ?? JSON.parse(e.data)));
  }
}

let shown = 0;

async function show() {
  if (!api.current()) return;
  const seq = ++shown;
  if (timer) clearInterval(timer);
  timer = null;
  page?.dispose?.();
  page = null;
  const path = location.hash.replace(/^#/, '') || '/';
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === `#${path}`));
  const match = ROUTES.map(([re, module]) => [path.match(re), module]).find(([m]) => m);
  if (!match) {
    replace(view, h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'Overview')));
    return;
  }
  const [m, module] = match;
  // Each navigation renders into its own element: a slower page still loading for an earlier hash
  // then only fills an element no longer shown.
  const slot = h('div', { class: 'page' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(view, slot);
  try {
    const rendered = (await module.render(slot, ...m.slice(1).map(decodeURIComponent))) || {};
    if (seq !== shown) {
      rendered.dispose?.();
      return;
    }
    page = rendered;
    if (page.refresh && page.refreshSeconds) {
      timer = setInterval(() => page?.refresh().catch(err => console.warn('refresh failed', err)), page.refreshSeconds * 1000);
    }
  } catch (err) {
    if (err.status !== 401 && seq === shown) replace(slot, problem(err));
  }
}

api.whenLoggedOut(detail => loginPage(detail || 'Your session ended; log in again.'));
window.addEventListener('hashchange', () => (location.hash === '#/login' ? loginPage() : show()));
document.getElementById('logout').addEventListener('click', async () => {
  await api.logout();
  location.hash = '#/login';
  loginPage('Logged out.');
});

const who = await api.restore();
if (who) started();
else loginPage();
