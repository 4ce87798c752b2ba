// What the overview and the pool page both show of a host: its CPU and memory as bars.
import { h, bar, percent, bytes } from '../dom.js';

export const memoryUsed = host => host.latest ? host.memoryTotalBytes - host.latest.memoryFreeBytes : null;
export const memoryFraction = host => host.latest && host.memoryTotalBytes ? memoryUsed(host) / host.memoryTotalBytes : null;

/**
 * The pool's CPU imbalance as the autopilot measures it: max − min of the latest CPU fraction over enabled
 * hosts that have a sample; null with fewer than two.
 */
export function imbalance(hosts) {
  const cpus = hosts.filter(x => x.enabled && x.latest).map(x => x.latest.cpuFraction);
  return cpus.length < 2 ? null : Math.max(...cpus) - Math.min(...cpus);
}

export function hostRow(host, vmCount) {
  const cpu = host.latest?.cpuFraction;
  const mem = memoryFraction(host);
  return h('tr', { 'data-host': host.name },
    h('td', {}, h('a', { href: `#/hosts/${host.uuid}` }, host.name), host.enabled ? null : h('span', { class: 'badge warning' }, 'disabled')),
    h('td', { class: 'num' }, vmCount ?? '–'),
    h('td', {}, bar(cpu, cpu === undefined ? 'no data' : `${percent(cpu)} of ${host.cpuCount} CPUs`, { 'data-metric': 'cpu' })),
    h('td', {}, bar(mem, mem === null ? 'no data' : `${bytes(memoryUsed(host))} of ${bytes(host.memoryTotalBytes)}`, { 'data-metric': 'memory' })));
}

export const HOST_HEADERS = ['Host', { text: 'VMs', attrs: { class: 'num' } }, 'CPU', 'Memory'];
