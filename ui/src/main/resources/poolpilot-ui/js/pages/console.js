// The standalone console of one VM (#/vms/<uuid>/console): the VM's name, a link back to its page, the console.
import { get } from '../api.js';
import { h, replace, badge } from '../dom.js';
import { mountConsole } from '../console.js';

export async function render(view, uuid) {
  const vm = await get(`/v1/vms/${uuid}`);
  const area = h('section', { id: 'console', class: 'console' });
  replace(view, h('h1', {}, `Console of ${vm.name} `, badge(vm.powerState)),
    h('p', {}, h('a', { href: `#/vms/${uuid}` }, 'Back to the VM')), area);
  const viewer = mountConsole(area, uuid, vm.name);
  return { dispose: () => viewer.dispose() };
}
