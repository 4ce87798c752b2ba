// The control API as the pages speak it: the session cookie goes with every request by itself (HttpOnly:
// scripts never see it); every state change carries the session's CSRF token in X-CSRF-Token.

let session = null;

/** A refusal or failure of the API: status and the problem+json body. */
export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export const current = () => session;
/** Whether the session's token grants a role (the server decides what grants what; the server also refuses). */
export const may = role => !!session && session.grants.includes(role);

export async function restore() {
  const response = await fetch('/ui/session', { headers: { Accept: 'application/json' } });
  session = response.ok ? await response.json() : null;
  return session;
}

export async function login(token) {
  const response = await fetch('/ui/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }),
  });
  if (!response.ok) throw new Problem(response.status, await body(response));
  session = await response.json();
  return session;
}

export async function logout() {
  if (session) {
    await fetch('/ui/session', { method: 'DELETE', headers: { 'X-CSRF-Token': session.csrfToken } });
  }
  session = null;
}

async function body(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) return response.json();
  return type.startsWith('text/') ? response.text() : null;
}

let onUnauthenticated = () => {};
export function whenLoggedOut(callback) { onUnauthenticated = callback; }

async function call(method, path, { json, headers = {}, accept = 'application/json' } = {}) {
  const init = { method, headers: { Accept: accept, ...headers } };
  if (method !== 'GET' && session) init.headers['X-CSRF-Token'] = session.csrfToken;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  const response = await fetch(path, init);
  const data = await body(response);
  if (response.status === 401) {
    session = null;
    onUnauthenticated(data?.detail);
  }
  if (!response.ok) throw new Problem(response.status, data);
  return { status: response.status, etag: response.headers.get('ETag'), body: data,
           location: response.headers.get('Location') };
}

export const get = async path => (await call('GET', path)).body;
export const getWithTag = path => call('GET', path);
export const getText = async (path, accept) => (await call('GET', path, { accept })).body;
export const post = (path, json, headers) => call('POST', path, { json, headers });
export const put = (path, json, headers) => call('PUT', path, { json, headers });

/** Every item of a cursor-paginated list. */
export async function all(path, limit = 500) {
  const items = [];
  let next = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get(`${path}${sep}limit=${limit}${next ? `&after=${encodeURIComponent(next)}` : ''}`);
    items.push(...page.items);
    next = page.next;
  } while (next);
  return items;
}
