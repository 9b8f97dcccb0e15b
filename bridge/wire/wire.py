#!/usr/bin/env python3
"""Wirestep's userspace wire: the lesson's link between real kernels, one network namespace per host.

It creates one network namespace per lesson host (ws-<pid>-<n>) and one TUN device per host
(IFF_TUN | IFF_NO_PI: raw IPv4 packets, no Ethernet, no ARP), moves each TUN into its host's
namespace with the host's address in the run's own /24 (10.0.k.x: see claim_subnet), and
carries every IPv4 packet a host's kernel sends to the TUN of the destination host (x.y.z.255
of the /24: to every other host), applying the lesson's link per direction (latency, jitter,
loss, duplication, reordering, bandwidth, the MTU is the TUN's) and its fault rules (drop, delay
or duplicate the nth matching packet; a crashed host's packets vanish) with a seeded PRNG, as
src/sim/link.ts and src/sim/world.ts do in virtual time.

Each namespace gets a stated, typical Linux configuration (src/sim/profiles.ts `linux`):
cubic, the default tcp_rmem / tcp_wmem of kernel 6.18, timestamps, SACK and window scaling on.

Protocol. stdin line 1: {"hosts": [{"name", "addr"}], "link", "links", "faults", "seed",
"pcap": PATH}. stdout: {"kind": "ready", "namespaces": {host: name}, "addresses": {host: addr},
"subnet": "10.0.k.0/24", "sysctls"} once every namespace is up,
then one JSON line per packet's fate: {"kind": "deliver"|"drop", "index": i (pcap record),
"to": host, "t": µs (CLOCK_REALTIME), "reason"?} (a delivery a delay or duplicate rule moved or
made names its rules as a reason, as the simulator's Trace does). stdin: {"start": µs} sets the instant crash
faults count from. stdin EOF (the bridge closed it or died), SIGTERM, SIGINT or SIGHUP: the wire
closes every TUN (the kernel deletes a non-persistent TUN when its last descriptor closes),
deletes every namespace it made, and exits. PR_SET_PDEATHSIG is a second line. The pcap
(LINKTYPE_RAW) holds every packet a host sent, stamped when it left the host.

Standard library only. Also imported by bridge/wire/wire.test.ts for its pure functions.
"""

import ctypes
import fcntl
import heapq
import json
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
LINKTYPE_RAW = 101
# Bounds: a lesson's wire never holds more than this many packets in flight, nor runs longer.
MAX_QUEUED = 20000
MAX_PACKETS = 500000

# The `linux` profile's configuration (src/sim/profiles.ts): Linux 6.18's defaults. Congestion
# control is not here: outside the initial namespace the kernel lets a namespace's default be only
# one of the global tcp_allowed_congestion_control (tcp_set_default_congestion_control: EPERM),
# which the wire must not change, so runner.py sets TCP_CONGESTION=cubic on each socket instead
# (allowed to a process with CAP_NET_ADMIN in the namespace).
SYSCTLS = {
    'net/ipv4/tcp_rmem': '4096 131072 33554432',
    'net/ipv4/tcp_wmem': '4096 16384 4194304',
    'net/ipv4/tcp_timestamps': '1',
    'net/ipv4/tcp_sack': '1',
    'net/ipv4/tcp_window_scaling': '1',
    # IPv6 off: the TUN would otherwise carry router solicitations the lesson never sent.
    'net/ipv6/conf/all/disable_ipv6': '1',
    'net/ipv6/conf/default/disable_ipv6': '1',
}

FLAG_BITS = {'FIN': 0x01, 'SYN': 0x02, 'RST': 0x04, 'PSH': 0x08, 'ACK': 0x10, 'URG': 0x20}


def now_us():
    return time.time_ns() // 1000


# ----- pure logic (unit-tested) --------------------------------------------------------------


class Prng:
    """mulberry32: small, seeded, the same numbers for the same seed on every run."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    def chance(self, p):
        return p > 0 and self.next() < p

    def below(self, n):
        return int(self.next() * n)


def parse_ipv4(packet):
    """The fields the wire routes and filters on, or None for anything but IPv4."""
    if len(packet) < 20 or packet[0] >> 4 != 4:
        return None
    ihl = (packet[0] & 0x0F) * 4
    total = struct.unpack('!H', packet[2:4])[0]
    proto = packet[9]
    info = {
        'src': '.'.join(str(b) for b in packet[12:16]),
        'dst': '.'.join(str(b) for b in packet[16:20]),
        'proto': {6: 'tcp', 17: 'udp', 1: 'icmp'}.get(proto, str(proto)),
        'flags': 0,
        'dataLen': 0,
        'size': total,
    }
    if proto == 6 and len(packet) >= ihl + 14:
        offset = (packet[ihl + 12] >> 4) * 4
        info['flags'] = packet[ihl + 13]
        info['dataLen'] = max(0, total - ihl - offset)
    elif proto == 17:
        info['dataLen'] = max(0, total - ihl - 8)
    return info


def link_config(*layers):
    """src/sim/link.ts linkConfig: later layers override earlier ones; 1 ms latency by default."""
    merged = {}
    for layer in layers:
        if layer:
            merged.update(layer)
    return {
        'latencyUs': round(merged.get('latencyMs', 1) * 1000),
        'jitterUs': round(merged.get('jitterMs', 0) * 1000),
        'loss': merged.get('lossProbability', 0),
        'duplicate': merged.get('duplicateProbability', 0),
        'reorder': merged.get('reorderProbability', 0),
        'bitsPerUs': merged.get('bandwidthKbps', 0) / 1000.0,
        'mtuBytes': merged.get('mtuBytes', 1500),
    }


class Direction:
    """One direction of the link (from -> to): its config, its PRNG streams, its transmitter."""

    def __init__(self, config, seed):
        self.config = config
        self.loss = Prng(seed)
        self.duplicate = Prng(seed ^ 0x9E3779B9)
        self.jitter = Prng(seed ^ 0x85EBCA6B)
        self.reorder = Prng(seed ^ 0xC2B2AE35)
        self.free_at = 0

    def delay(self):
        c = self.config
        d = c['latencyUs'] + (self.jitter.below(c['jitterUs'] + 1) if c['jitterUs'] > 0 else 0)
        hold = max(c['latencyUs'], 1000)  # a reordered packet is held back so later ones overtake it
        if self.reorder.chance(c['reorder']):
            d += hold + self.reorder.below(hold + 1)
        return d

    def carry(self, now, size):
        """Arrival times in µs (two if duplicated), or None when the link loses it (link.ts carry)."""
        c = self.config
        start = max(now, self.free_at)
        serialization = -(-size * 8 // c['bitsPerUs']) if c['bitsPerUs'] > 0 else 0
        self.free_at = start + serialization
        departed = int(start + serialization)
        lost = self.loss.chance(c['loss'])
        duplicated = self.duplicate.chance(c['duplicate'])
        first, copy = self.delay(), self.delay()
        if lost:
            return None
        return [departed + first] + ([departed + copy + 1] if duplicated else [])


class Faults:
    """The scenario's fault rules (src/sim/world.ts matchingFault), counting matches per rule."""

    def __init__(self, rules):
        self.rules = rules or []
        self.counts = [0] * len(self.rules)
        self.start_us = None

    def matches(self, rule, info, src, dst):
        """Whether `rule` is a packet rule (drop, delay, duplicate) of src -> dst whose filter the packet passes."""
        if rule.get('type') not in ('drop', 'delay', 'duplicate') or rule['from'] != src or rule['to'] != dst:
            return False
        if info['proto'] not in ('tcp', 'udp'):
            return False
        if rule.get('protocol') is not None and rule['protocol'] != info['proto']:
            return False
        if info['proto'] == 'tcp':
            wanted = sum(FLAG_BITS[f] for f in rule.get('flags') or [])
            if info['flags'] & wanted != wanted:
                return False
        elif rule.get('flags'):
            return False
        return rule.get('hasData') is None or rule['hasData'] == (info['dataLen'] > 0)

    def packet_faults(self, info, src, dst):
        """What the packet rules do to this packet (world.ts packetFaults): None, or a dict with
        'drop' (the rule's index) or 'delayUs', 'delayRules' and 'copyRules' (numbers from 1). Each rule
        counts the packets it matches; a drop ends the walk, a delay or a duplicate lets it go on."""
        fault = None
        for i, rule in enumerate(self.rules):
            if not self.matches(rule, info, src, dst):
                continue
            self.counts[i] += 1
            nth = rule['nth'] if isinstance(rule['nth'], list) else [rule['nth']]
            if self.counts[i] not in nth:
                continue
            if rule['type'] == 'drop':
                return {'drop': i}
            fault = fault or {'drop': None, 'delayUs': 0, 'delayRules': [], 'copyRules': []}
            if rule['type'] == 'delay':
                fault['delayUs'] += round(rule['ms'] * 1000)
                fault['delayRules'].append(i + 1)
            else:
                fault['copyRules'].append(i + 1)
        return fault

    def drop_rule(self, info, src, dst):
        """Index of the drop rule that takes this packet from src to dst (host names), or None."""
        fault = self.packet_faults(info, src, dst)
        return None if fault is None else fault['drop']

    def crashed(self, host, t_us):
        """Whether `host` is down at t_us: a crash rule's atMs has passed since the run's start."""
        if self.start_us is None:
            return False
        for rule in self.rules:
            if rule.get('type') == 'crash' and rule['host'] == host and t_us >= self.start_us + rule['atMs'] * 1000:
                return True
        return False


def faulted_arrivals(to, times, fault, latency_us):
    """world.ts deliverFaulted: every arrival delayUs later, then one copy per duplicate rule, one
    link latency apart; [(to, arrival_us, reason?)], the reason on each delivery the rules moved or made."""
    def reason(rules):
        return ', '.join('fault rule %d' % n for n in sorted(rules))

    delayed = reason(fault['delayRules']) if fault['delayRules'] else None
    out = [(to, at + fault['delayUs'], delayed) for at in times]
    first = times[0] + fault['delayUs']
    for k, rule in enumerate(fault['copyRules']):
        out.append((to, first + (k + 1) * max(latency_us, 1), reason(fault['delayRules'] + [rule])))
    return out


# Concurrent runs (two pages, two CLIs) each get their own /24, so that the kernel's tracepoints,
# which name a socket only by its addresses and ports (inet_sock_set_state has no network
# namespace field), tell one run's sockets from another's: a run holds subnet k (10.0.k.0/24; k = 0
# is the lesson's own 10.0.0.x) by an exclusive flock on its lock file, which the kernel releases
# when the wire exits, however it exits (SIGKILL included), so no lock is ever left stale.
SUBNET_LOCKS = ('/run/wirestep-wire', '/tmp/wirestep-wire')
MAX_SUBNETS = 256


def claim_subnet(dirs=SUBNET_LOCKS, limit=MAX_SUBNETS):
    """(k, fd): the lowest subnet index no other live wire holds, and the locked file that holds it."""
    for directory in dirs:
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        except OSError:
            continue
        for k in range(limit):
            try:
                fd = os.open(os.path.join(directory, 'subnet-%d.lock' % k), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:
                break  # this directory is not writable: try the next one
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, ('%d\n' % os.getpid()).encode())
            return k, fd
    raise OSError('no free subnet for the wire: %d runs already hold one' % limit)


def in_subnet(addr, k):
    """A lesson address 10.0.0.x moved into subnet k: 10.0.k.x (the host part is kept)."""
    parts = addr.split('.')
    return '.'.join(parts[:2] + [str(k), parts[3]])


def broadcast_of(addr):
    """x.y.z.255: the broadcast address of the /24 every lesson host lives in."""
    return '.'.join(addr.split('.')[:3] + ['255'])


class Router:
    """Decides each packet's fate: which hosts it reaches, when, or why it vanished."""

    def __init__(self, config):
        self.hosts = config['hosts']
        self.by_addr = {h['addr']: h['name'] for h in self.hosts}
        self.broadcasts = {broadcast_of(h['addr']) for h in self.hosts} | {'255.255.255.255'}
        self.faults = Faults(config.get('faults'))
        seed = int(config.get('seed') or 1)
        self.directions = {}
        for i, a in enumerate(self.hosts):
            for j, b in enumerate(self.hosts):
                if a is b:
                    continue
                specific = next(
                    (l['options'] for l in config.get('links') or [] if l['from'] == a['name'] and l['to'] == b['name']),
                    None,
                )
                cfg = link_config(config.get('link'), specific)
                self.directions[(a['name'], b['name'])] = Direction(cfg, (seed * 7919 + i * 131 + j) & 0xFFFFFFFF)

    def mtu(self, host):
        """The smallest MTU of the host's links (the simulator's MSS follows the smallest too)."""
        mtus = [d.config['mtuBytes'] for (a, _b), d in self.directions.items() if a == host]
        return min(mtus) if mtus else 1500

    def route(self, packet_info, src_host, t_us):
        """[(to, arrival_us)] and [(to, reason)] for one packet sent by src_host at t_us."""
        dst = packet_info['dst']
        if dst in self.broadcasts:
            targets = [h['name'] for h in self.hosts if h['name'] != src_host]
        elif dst in self.by_addr:
            targets = [self.by_addr[dst]]
        else:
            return [], [(dst, 'no host at %s' % dst)]
        arrivals, drops = [], []
        for to in targets:
            if to == src_host:
                continue
            if self.faults.crashed(src_host, t_us) or self.faults.crashed(to, t_us):
                drops.append((to, 'host down'))
                continue
            fault = self.faults.packet_faults(packet_info, src_host, to)
            if fault is not None and fault['drop'] is not None:
                drops.append((to, 'fault rule %d' % (fault['drop'] + 1)))
                continue
            direction = self.directions[(src_host, to)]
            times = direction.carry(t_us, packet_info['size'])
            if times is None:
                drops.append((to, 'lost on the link'))
            elif fault is None:
                arrivals.extend((to, at) for at in times)
            else:
                arrivals.extend(faulted_arrivals(to, times, fault, direction.config['latencyUs']))
        return arrivals, drops


# ----- pcap ----------------------------------------------------------------------------------


class Pcap:
    def __init__(self, path):
        self.file = open(path, 'wb', buffering=0)
        self.file.write(struct.pack('<IHHiIII', 0xA1B23C4D, 2, 4, 0, 0, 262144, LINKTYPE_RAW))  # ns stamps
        self.count = 0

    def write(self, t_ns, packet):
        self.file.write(struct.pack('<IIII', t_ns // 1_000_000_000, t_ns % 1_000_000_000, len(packet), len(packet)))
        self.file.write(packet)
        self.count += 1
        return self.count - 1

    def close(self):
        self.file.close()


# ----- namespaces and TUN devices ------------------------------------------------------------

libc = ctypes.CDLL('libc.so.6', use_errno=True)


def run_ip(*args):
    result = subprocess.run(['ip', *args], capture_output=True, text=True, timeout=10)
    if result.returncode != 0:
        raise OSError('ip %s: %s' % (' '.join(args), result.stderr.strip()))


def open_tun(name):
    fd = os.open('/dev/net/tun', os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    ifr = struct.pack('16sH22x', name.encode(), IFF_TUN | IFF_NO_PI)
    fcntl.ioctl(fd, TUNSETIFF, ifr)
    return fd


def write_sysctls(namespace):
    """Writes SYSCTLS inside `namespace` from a thread that entered it (setns is per thread);
    returns the values read back there."""
    errors = []
    values = {}

    def enter_and_write():
        try:
            fd = os.open('/run/netns/' + namespace, os.O_RDONLY)
            try:
                if libc.setns(fd, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), 'setns ' + namespace)
            finally:
                os.close(fd)
            for key, value in SYSCTLS.items():
                try:
                    with open('/proc/sys/' + key, 'w') as f:
                        f.write(value)
                except FileNotFoundError:
                    pass  # e.g. IPv6 compiled out
            for key in list(SYSCTLS) + ['net/ipv4/tcp_congestion_control']:
                try:
                    with open('/proc/sys/' + key) as f:
                        values[key.replace('/', '.')] = ' '.join(f.read().split())
                except OSError:
                    pass
        except OSError as error:
            errors.append(error)

    thread = threading.Thread(target=enter_and_write)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return values


class Wire:
    def __init__(self, config):
        self.subnet, self.subnet_lock = claim_subnet(config.get('subnetLocks') or SUBNET_LOCKS)
        hosts = [dict(h, addr=in_subnet(h['addr'], self.subnet)) for h in config['hosts']]
        self.config = config = dict(config, hosts=hosts)
        self.router = Router(config)
        self.prefix = 'ws-%d-' % os.getpid()
        self.namespaces = {}  # host -> namespace name
        self.tuns = {}  # host -> fd
        self.host_of_fd = {}
        self.queue = []  # (due_us, order, host, packet)
        self.order = 0
        self.pcap = Pcap(config['pcap'])
        self.out_lock = threading.Lock()
        self.sysctls = {}

    def out(self, event):
        with self.out_lock:
            sys.stdout.write(json.dumps(event, separators=(',', ':')) + '\n')
            sys.stdout.flush()

    def setup(self):
        for i, host in enumerate(self.router.hosts):
            name, addr = host['name'], host['addr']
            namespace = '%s%d' % (self.prefix, i)
            tun = 'wst%d-%d' % (os.getpid() % 1000000, i)
            run_ip('netns', 'add', namespace)
            self.namespaces[name] = namespace
            fd = open_tun(tun)
            self.tuns[name] = fd
            self.host_of_fd[fd] = name
            run_ip('link', 'set', tun, 'netns', namespace)
            run_ip('-n', namespace, 'link', 'set', 'lo', 'up')
            run_ip('-n', namespace, 'addr', 'add', addr + '/24', 'broadcast', broadcast_of(addr), 'dev', tun)
            run_ip('-n', namespace, 'link', 'set', tun, 'mtu', str(self.router.mtu(name)), 'up')
            self.sysctls = write_sysctls(namespace)

    def teardown(self):
        for fd in list(self.tuns.values()):
            try:
                os.close(fd)
            except OSError:
                pass
        self.tuns = {}
        for namespace in self.namespaces.values():
            subprocess.run(['ip', 'netns', 'delete', namespace], capture_output=True, timeout=10)
        self.namespaces = {}
        try:
            self.pcap.close()
        except OSError:
            pass
        if self.subnet_lock is not None:
            os.close(self.subnet_lock)  # releases the flock: the subnet is free for the next run
            self.subnet_lock = None

    def take(self, fd):
        """Reads every packet waiting on one TUN and decides its fate."""
        src = self.host_of_fd[fd]
        while True:
            try:
                packet = os.read(fd, 65536)
            except BlockingIOError:
                return
            info = parse_ipv4(packet)
            if info is None or self.pcap.count >= MAX_PACKETS:
                continue
            t_ns = time.time_ns() // 1000 * 1000  # whole µs: the Trace's unit, so drop and segment agree
            index = self.pcap.write(t_ns, packet)
            arrivals, drops = self.router.route(info, src, t_ns // 1000)
            for to, reason in drops:
                self.out({'kind': 'drop', 'index': index, 'to': to, 'reason': reason, 't': t_ns // 1000})
            for arrival in arrivals:
                to, at = arrival[0], arrival[1]
                reason = arrival[2] if len(arrival) > 2 else None
                if len(self.queue) >= MAX_QUEUED:
                    self.out({'kind': 'drop', 'index': index, 'to': to, 'reason': 'wire queue full', 't': t_ns // 1000})
                    continue
                heapq.heappush(self.queue, (at, self.order, to, packet, index, reason))
                self.order += 1

    def deliver_due(self):
        now = now_us()
        while self.queue and self.queue[0][0] <= now:
            at, _order, to, packet, index, reason = heapq.heappop(self.queue)
            if self.router.faults.crashed(to, now):
                self.out({'kind': 'drop', 'index': index, 'to': to, 'reason': 'host down', 't': now})
                continue
            fd = self.tuns.get(to)
            if fd is None:
                continue
            try:
                # Stamped before the write: the receiver may run (and record) before it returns.
                t = now_us()
                os.write(fd, packet)
                delivered = {'kind': 'deliver', 'index': index, 'to': to, 't': t}
                if reason is not None:
                    delivered['reason'] = reason
                self.out(delivered)
            except OSError as error:
                self.out({'kind': 'drop', 'index': index, 'to': to, 'reason': 'tun: %s' % error.strerror, 't': now})

    def command(self, line):
        message = json.loads(line)
        if 'start' in message:
            self.router.faults.start_us = int(message['start'])

    def loop(self):
        stdin = sys.stdin.fileno()
        pending = b''
        fds = list(self.tuns.values())
        while True:
            timeout = 0.5
            if self.queue:
                timeout = max(0.0, (self.queue[0][0] - now_us()) / 1e6)
            readable, _, _ = select.select(fds + [stdin], [], [], timeout)
            for fd in readable:
                if fd == stdin:
                    chunk = os.read(stdin, 65536)
                    if not chunk:
                        return  # EOF: the bridge is done, or gone
                    pending += chunk
                    while b'\n' in pending:
                        line, pending = pending.split(b'\n', 1)
                        if line.strip():
                            self.command(line)
                else:
                    self.take(fd)
            self.deliver_due()


class Stop(Exception):
    pass


def on_signal(_number, _frame):
    raise Stop()


def main():
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    try:
        # A packet's delay is the lesson's latency plus the wire's wait for a CPU: measured on a
        # 2-core machine at load 10, a datagram waited 23 ms in the TUN before the wire read it.
        # The wire sleeps in select() between packets and its work per packet is bounded, so it
        # may go first: SCHED_FIFO (the kernel's RT throttling still caps it at 95% of a CPU).
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
    except (OSError, AttributeError):
        try:
            os.nice(-10)
        except OSError:
            pass
    if os.getppid() == 1:
        return 1
    line = sys.stdin.readline()
    if not line:
        return 1
    try:
        wire = Wire(json.loads(line))
    except OSError as error:
        sys.stdout.write(json.dumps({'kind': 'error', 'message': str(error)}) + '\n')
        sys.stdout.flush()
        return 3
    try:
        try:
            wire.setup()
        except (OSError, subprocess.SubprocessError) as error:
            wire.out({'kind': 'error', 'message': str(error)})
            return 3
        addresses = {h['name']: h['addr'] for h in wire.router.hosts}
        subnet = '10.0.%d.0/24' % wire.subnet
        ready = {'kind': 'ready', 'namespaces': wire.namespaces, 'addresses': addresses, 'subnet': subnet}
        wire.out(dict(ready, sysctls=wire.sysctls, t=now_us()))
        wire.loop()
    except Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        wire.teardown()
    return 0


if __name__ == '__main__':
    sys.exit(main())
