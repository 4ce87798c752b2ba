// Drives the PoolPilot XAPI simulator with Xen Orchestra's own connector (npm `xen-api`), the way
// xo-server uses it: connect (login, pool master), follow event.from into an object cache, read the
// pool, then live-migrate a VM through an async task and watch the cache follow it.
// Usage: node check.mjs URL USER PASSWORD [xml-rpc|json-rpc|auto]. Exit code 0 only if every check passed.
import { Xapi } from 'xen-api'

const [url, user, password, transport = 'auto'] = process.argv.slice(2)
if (!url || !user || !password) {
  console.error('usage: node check.mjs URL USER PASSWORD [xml-rpc|json-rpc|auto]')
  process.exit(2)
}
const results = []
const check = (name, ok, detail = '') => {
  results.push({ name, ok })
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`)
}
const deadline = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error('timed out: ' + what)), ms))
const until = async (what, ms, test) => {
  const stop = Date.now() + ms
  while (Date.now() < stop) {
    if (test()) return true
    await new Promise(r => setTimeout(r, 200))
  }
  throw new Error('timed out: ' + what)
}

const xapi = new Xapi({ url, auth: { user, password }, allowUnauthorized: true, transport })
try {
  await Promise.race([xapi.connect(), deadline(20000, 'connect')])
  check('connect (session.login_with_password)', xapi.status === 'connected', `status ${xapi.status}`)
  await Promise.race([xapi.objectsFetched, deadline(30000, 'initial objects via event.from')])
  const all = Object.values(xapi.objects.all)
  const byType = type => all.filter(o => o.$type === type)
  const hosts = byType('host')
  const vms = byType('VM').filter(v => !v.is_a_template && !v.is_control_domain && v.power_state === 'Running')
  check('object cache filled by event.from', hosts.length > 0 && vms.length > 0,
    `${hosts.length} hosts, ${vms.length} running guests, ${all.length} objects`)
  check('pool object and master', xapi.pool !== undefined && xapi.pool.$master !== undefined,
    xapi.pool ? `pool ${xapi.pool.name_label}, master ${xapi.pool.$master?.name_label}` : 'no pool')
  const vm = vms[0]
  check('links resolve ($resident_on, $metrics)', vm.$resident_on?.$type === 'host' && vm.$metrics !== undefined,
    `${vm.name_label} on ${vm.$resident_on?.name_label}`)
  const version = await xapi.call('host.get_software_version', vm.$resident_on.$ref)
  check('plain call (host.get_software_version)', typeof version === 'object' && version !== null,
    JSON.stringify(version).slice(0, 80))
  const target = hosts.find(h => h.$ref !== vm.resident_on && h.enabled)
  const taskRef = await xapi.call('Async.VM.pool_migrate', vm.$ref, target.$ref, { live: 'true' })
  check('async call returns a task ref', typeof taskRef === 'string' && taskRef.startsWith('OpaqueRef:'), taskRef)
  await Promise.race([xapi.watchTask(taskRef), deadline(120000, 'task')])
  check('watchTask resolves when the migration succeeds', true)
  await until('VM resident_on in the cache', 20000, () => xapi.getObject(vm.$ref).resident_on === target.$ref)
  check('event.from moved the VM in the cache', true, `${vm.name_label} now on ${target.name_label}`)
  try {
    await xapi.call('VM.pool_migrate', vm.$ref, 'OpaqueRef:00000000-0000-0000-0000-000000000bad', { live: 'true' })
    check('XAPI error surfaces as an XapiError with code', false, 'no error')
  } catch (error) {
    check('XAPI error surfaces as an XapiError with code', typeof error.code === 'string', `${error.code} ${JSON.stringify(error.params ?? [])}`)
  }
} catch (error) {
  check('unexpected error', false, error.stack ?? String(error))
} finally {
  await xapi.disconnect().catch(() => {})
}
const failed = results.filter(r => !r.ok).length
console.log(`${results.length - failed}/${results.length} checks passed (transport ${transport})`)
process.exit(failed === 0 ? 0 : 1)
