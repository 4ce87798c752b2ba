#!/usr/bin/env python3
"""Drives the simulator the way the XenAPI Python binding does: xmlrpc.client.ServerProxy with
allow_none, the {Status, Value | ErrorDescription} envelope, the session ref prepended to every
call, 'session.login_with_password', 'event_from' (Python cannot spell event.from), Async tasks
and an rrd_updates download. Written for PoolPilot's tests; it mirrors XenAPI.py's behaviour.

usage: xenapi_style_client.py MASTER_URL SLAVE_URL PASSWORD VM_NAME DEST_HOST_NAME
"""
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
import xmlrpc.client


class Failure(Exception):
    def __init__(self, details):
        super().__init__(details)
        self.details = details


def parse_result(result):
    if not isinstance(result, dict) or 'Status' not in result:
        raise RuntimeError('no Status in %r' % (result,))
    if result['Status'] == 'Success':
        return result['Value']
    raise Failure(result['ErrorDescription'])


class Dispatcher:
    """session.xenapi.VM.get_all() becomes the call 'VM.get_all'(session)."""

    def __init__(self, send, name=None):
        self._send = send
        self._name = name

    def __getattr__(self, name):
        return Dispatcher(self._send, name if self._name is None else self._name + '.' + name)

    def __call__(self, *args):
        return self._send(self._name, args)


class Session:
    def __init__(self, uri):
        self.proxy = xmlrpc.client.ServerProxy(uri, allow_none=True)
        self.handle = None

    def login_with_password(self, *params):
        self.handle = parse_result(getattr(self.proxy, 'session.login_with_password')(*params))

    @property
    def xenapi(self):
        return Dispatcher(self._request)

    def _request(self, method, params):
        if method == 'session.logout':
            return parse_result(getattr(self.proxy, method)(self.handle))
        return parse_result(getattr(self.proxy, method)(self.handle, *params))


def check(condition, what):
    if not condition:
        print('FAILED: ' + what)
        sys.exit(1)
    print('ok: ' + what)


def main(master, slave, password, vm_name, dest_name):
    s = Session(master)
    s.login_with_password('root', password, '2.21', 'poolpilot-python-check')
    check(s.handle.startswith('OpaqueRef:'), 'login gives an OpaqueRef session')

    x = s.xenapi
    pool = x.pool.get_all()[0]
    master_host = x.pool.get_master(pool)
    version = '%s.%s' % (x.host.get_API_version_major(master_host), x.host.get_API_version_minor(master_host))
    check(version == '2.21', 'API version read as XenAPI.py does: ' + version)

    vms = x.VM.get_all_records()
    guests = [r for r in vms.values() if not r['is_control_domain'] and not r['is_a_template']]
    check(len(guests) > 0 and all(isinstance(r['memory_static_max'], str) for r in guests),
          'VM.get_all_records: %d guests, int64 as strings' % len(guests))

    first = x.event_from(['vm'], '', 0.0)
    check(len(first['events']) == len(vms), 'event_from with an empty token lists every VM as add')
    vm = x.VM.get_by_name_label(vm_name)[0]
    x.VM.add_to_other_config(vm, 'python', 'was-here')
    later = x.event_from(['vm'], first['token'], 5.0)
    check(any(e['ref'] == vm and e['operation'] == 'mod' for e in later['events']), 'event_from sees the change')

    try:
        x.VM.add_to_other_config(vm, 'python', 'twice')
        check(False, 'duplicate key must fail')
    except Failure as f:
        check(f.details[0] == 'MAP_DUPLICATE_KEY', 'XAPI errors arrive as ErrorDescription: %s' % f.details[0])

    dest = x.host.get_by_name_label(dest_name)[0]
    task = getattr(x, 'Async').VM.pool_migrate(vm, dest, {'live': 'true'})
    deadline = time.time() + 20
    while x.task.get_status(task) == 'pending' and time.time() < deadline:
        time.sleep(0.05)
    check(x.task.get_status(task) == 'success', 'Async.VM.pool_migrate task succeeds')
    check(x.VM.get_resident_on(vm) == dest, 'VM now resident on ' + dest_name)
    x.task.destroy(task)

    host_address = x.host.get_address(dest)
    url = '%srrd_updates?session_id=%s&start=%d&cf=AVERAGE&interval=5&host=true' % (
        master.replace(x.host.get_address(master_host), host_address), s.handle, int(time.time()) - 3600 * 24 * 365)
    with urllib.request.urlopen(url, timeout=10) as r:
        root = ET.fromstring(r.read())
    legend = [e.text for e in root.iter('entry')]
    uuid = x.VM.get_uuid(vm)
    check(any(l == 'AVERAGE:vm:%s:cpu0' % uuid for l in legend), 'rrd_updates on the new host carries the VM')

    slave_proxy = xmlrpc.client.ServerProxy(slave, allow_none=True)
    try:
        parse_result(getattr(slave_proxy, 'session.login_with_password')('root', password, '2.21', 'x'))
        check(False, 'slave must refuse')
    except Failure as f:
        check(f.details[0] == 'HOST_IS_SLAVE' and f.details[1] == host_of(master),
              'slave answers HOST_IS_SLAVE with the master address')

    x.session.logout()
    print('XENAPI-CLIENT-OK')


def host_of(url):
    return url.split('//', 1)[1].split(':', 1)[0]


if __name__ == '__main__':
    main(*sys.argv[1:6])
