// Small DOM helpers: elements from data (text is always text, never HTML) and plain-words formatting.

/** h('td', {class: 'num'}, '12') — attributes starting with "on" are listeners; children may be nodes, text or arrays. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
export function bytes(n) {
  if (n === null || n === undefined) return '–';
  let i = 0;
  while (Math.abs(n) >= 1024 && i < UNITS.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${UNITS[i]}`;
}
export const percent = f => f === null || f === undefined ? '–' : `${(f * 100).toFixed(0)} %`;
export const rate = n => n === null || n === undefined ? '–' : `${bytes(n)}/s`;
export const when = iso => iso ? new Date(iso).toLocaleString() : '–';
export const short = uuid => uuid ? uuid.slice(0, 8) : '–';

/** A horizontal bar for a fraction 0..1; green, amber over 75 %, red over 90 %. */
export function bar(fraction, label, attrs = {}) {
  const f = Math.max(0, Math.min(1, fraction ?? 0));
  const fill = h('span');
  fill.style.width = `${(f * 100).toFixed(1)}%`;
  const cls = f > 0.9 ? 'bar over' : f > 0.75 ? 'bar hot' : 'bar';
  return h('div', { class: cls, title: label, 'data-fraction': f.toFixed(3), ...attrs }, fill, h('em', {}, label));
}

export function badge(text) {
  return h('span', { class: `badge ${text}` }, text);
}

export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map(c => typeof c === 'string' ? h('th', {}, c) : h('th', c.attrs, c.text)))),
    h('tbody', {}, rows));
}

export function problem(error) {
  const body = error.body || {};
  return h('div', { class: 'problem', role: 'alert' }, h('b', {}, body.title || 'Error'), ' ', body.detail || error.message,
    Array.isArray(body.changes) && body.changes.length ? h('ul', { class: 'plain' }, body.changes.map(c => h('li', {}, c))) : null);
}
