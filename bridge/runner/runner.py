#!/usr/bin/env python3
"""Wirestep's real-socket runner: runs a scenario's programs with real sockets on loopback.

It implements the step semantics of docs/scenario-semantics.md (the same ones as src/sim) and
prints one JSON line per socket-API call and return, with the same shapes as the simulator's
`call` and `return` events (src/sim/kernel.ts), plus:
  - `t`: CLOCK_REALTIME in microseconds (time.time_ns() // 1000), the clock tcpdump stamps
    packets with, so the three sources of a real trace (API, capture, ss) can be merged;
  - `local` / `peer` ("addr:port") on the events of bind, listen, connect and accept, so the
    bridge can tell which descriptor a segment or an `ss` line belongs to.

Protocol on stdin/stdout (one JSON object or word per line):
  stdin  line 1: {"scenario": {...}, "addresses": {"server": "127.0.0.1", ...},
                  "scenarioAddresses": {"10.0.0.1": "127.0.0.1", "10.0.0.255": ...},
                  "portOffset": 0 | null, "timeLimitS": 30, "quietMs": 500,
                  "tracePayloadLimit": 256, "maxFrameBytes": N, "notes": {name: {en, fr}},
                  "minPort": 1024, "maxPort": 65535,
                  "netns": {"server": "ws-123-0", ...}, "congestionControl": "cubic"}
                  (netns: each program runs in its host's network namespace, bridge/wire)
                  (every value comes from the TypeScript side, bridge/runner/python.ts: this
                  file hard-codes neither the simulator's constants, the bridge's limits, nor
                  any text a user reads)
  stdout        : {"kind": "ready", "portOffset": N, "ports": [...]}  (nothing has run yet)
  stdin         : "go"   -> the programs start (the bridge starts tcpdump and ss first)
  stdout        : call / return / note events, then {"kind": "end", "reason": ...}
  stdin         : "stop" at any time -> every program is stopped at once.

One OS process per program (`runner.py --child`), so descriptors are numbered 3, 4, ... per
program as in the simulator; `accept` with `spawn` starts a thread. Standard library only.
"""

import base64
import errno
import json
import os
import queue
import random
import re
import select
import socket
import struct
import subprocess
import sys
import threading
import time

# Blocking calls that only end when a peer acts: when every thread of every program waits in
# one of them (without a timeout) and nothing happened for quietMs, the programs are stopped.
UNBOUNDED_CALLS = {'accept', 'recv', 'recvfrom', 'send', 'sendall'}


def now_us():
    """Wall-clock microseconds: tcpdump stamps packets with CLOCK_REALTIME too."""
    return time.time_ns() // 1000


def b64(data, limit):
    """The payload field of an event: the first `limit` bytes (tracePayloadLimit) in base64."""
    return base64.b64encode(bytes(data[:limit])).decode('ascii')


def fill(template, values):
    """`{name}` -> values[name], as programNote() fills the same templates in TypeScript."""
    return re.sub(r'\{(\w+)\}', lambda m: str(values.get(m.group(1), m.group(0))), template)


def errno_name(error):
    """The errno name the course uses: a Python timeout is EAGAIN, as settimeout() reports it."""
    if isinstance(error, socket.timeout) and error.errno is None:
        return 'EAGAIN'
    code = getattr(error, 'errno', None)
    if code is None:
        return 'EINVAL'
    if code == errno.EWOULDBLOCK:
        return 'EAGAIN'
    return errno.errorcode.get(code, 'EINVAL')


def wait_writable(s, timeout):
    """Waits for a connect() under way to end; past `timeout` seconds it fails as Python does."""
    if not select.select([], [s], [], timeout)[1]:
        raise socket.timeout('timed out')


def endpoint(address):
    return '%s:%d' % (address[0], address[1])


# --------------------------------------------------------------------------------------------
# Child: one program of the scenario.
# --------------------------------------------------------------------------------------------


class ProgramError(Exception):
    """A mistake in the scenario itself (a variable that is not a socket, ...)."""


class Stop(Exception):
    """Raised in a thread when its flow says the thread ends."""


class Program:
    def __init__(self, config):
        scenario = config['scenario']
        self.index = config['index']
        program = scenario['programs'][self.index]
        self.steps = program['steps']
        self.start_ms = program.get('startMs', 0)
        self.host = program['host']
        self.addresses = config['addresses']  # scenario host name -> loopback address
        self.own_addr = self.addresses[self.host]
        # scenario address (10.0.0.x) -> loopback address, for steps that name an address
        self.by_scenario_addr = {h['addr']: self.addresses[h['name']] for h in scenario['hosts']}
        self.by_scenario_addr.update(config.get('scenarioAddresses') or {})
        self.port_offset = config['portOffset']
        # With bridge/wire (one network namespace per host), 0.0.0.0 is bound as itself: the
        # host's namespace holds only its own address, and only a socket bound to 0.0.0.0 receives
        # the subnet's broadcasts (Linux delivers a broadcast to wildcard-bound UDP sockets).
        self.netns = config.get('netns')
        self.congestion = config.get('congestionControl')
        # The TypeScript side's constants and note templates (python.ts sends them): one source.
        self.payload_limit = config['tracePayloadLimit']
        self.max_frame_bytes = config['maxFrameBytes']
        self.notes = config['notes']
        self.out_lock = threading.Lock()
        self.lock = threading.RLock()  # guards the tables below
        self.sockets = {}  # fd -> socket object
        self.owned = []  # fds the process holds, in the order it got them (closed at exit)
        self.leftovers = {}  # fd -> bytes read past a delimiter or frame
        self.groups = {}  # group name -> [fd]
        self.bounded = set()  # fds with a timeout or keepalive: a blocked call on them may end
        self.send_timeouts = {}  # fd -> SO_SNDTIMEO in seconds, which also bounds connect()
        self.threads_alive = 0
        self.threads_waiting = 0  # threads blocked in an unbounded call
        self.threads_blocked = 0  # threads blocked in any call, or sleeping
        self.idle_reported = False
        self.settled_reported = False
        self.exiting = False
        self.local = threading.local()

    # ----- output ---------------------------------------------------------------------------

    def emit(self, event):
        line = json.dumps(event, separators=(',', ':')) + '\n'
        with self.out_lock:
            sys.stdout.write(line)
            sys.stdout.flush()

    def step_path(self):
        return getattr(self.local, 'step', None)

    def call(self, fd, name, args, **extra):
        event = {'t': now_us(), 'kind': 'call', 'host': self.host, 'socket': fd, 'call': name, 'args': args}
        self._stamp(event, extra)
        self.emit(event)

    def ret(self, fd, name, result=None, error=None, **extra):
        event = {'t': now_us(), 'kind': 'return', 'host': self.host, 'socket': fd, 'call': name}
        if error is not None:
            event['errno'] = errno_name(error)
        else:
            event['result'] = result
        self._stamp(event, extra)
        self.emit(event)
        return event

    def _stamp(self, event, extra):
        step = self.step_path()
        if step is not None:
            event['step'] = step
        for key, value in extra.items():
            if value is not None:
                event[key] = value

    def say(self, name, **values):
        """Writes the note `name` of the config's table, in English and French, filled in."""
        text = self.notes[name]
        event = {'t': now_us(), 'kind': 'note', 'host': self.host}
        event['text'] = {'en': fill(text['en'], values), 'fr': fill(text['fr'], values)}
        step = self.step_path()
        if step is not None:
            event['step'] = step
        self.emit(event)

    def report_idle(self):
        """Tells the coordinator whether every live thread waits for a peer that may never come
        (idle), and whether every live thread is blocked or sleeping (settled): a later program
        starts only once the earlier ones settled, as they would have in virtual time."""
        with self.lock:
            idle = self.threads_alive > 0 and self.threads_waiting == self.threads_alive
            settled = self.threads_blocked >= self.threads_alive
            if idle != self.idle_reported:
                self.idle_reported = idle
                self.emit({'kind': '_idle', 'idle': idle, 't': now_us()})
            if settled != self.settled_reported:
                self.settled_reported = settled
                self.emit({'kind': '_settled', 'settled': settled, 't': now_us()})

    def blocking(self, fd, name, run):
        """Runs a blocking call, counting the thread as blocked (and waiting, if unbounded)."""
        unbounded = name in UNBOUNDED_CALLS and fd not in self.bounded
        with self.lock:
            self.threads_blocked += 1
            if unbounded:
                self.threads_waiting += 1
        self.report_idle()
        try:
            return run()
        finally:
            with self.lock:
                self.threads_blocked -= 1
                if unbounded:
                    self.threads_waiting -= 1
            self.report_idle()

    # ----- names ----------------------------------------------------------------------------

    def resolve(self, host_or_addr):
        """A scenario host name or address to its loopback address (broadcasts are in
        scenarioAddresses: loopbackPlan() in bridge/limits.ts maps them)."""
        if host_or_addr in self.addresses:
            return self.addresses[host_or_addr]
        if host_or_addr in self.by_scenario_addr:
            return self.by_scenario_addr[host_or_addr]
        if host_or_addr.startswith('127.'):
            return host_or_addr
        raise ProgramError('"%s" is neither a host of the scenario nor a loopback address' % host_or_addr)

    def real_port(self, port):
        return port + self.port_offset if port != 0 else 0

    def sock(self, vars_, name):
        value = vars_.get(name)
        if not value or value[0] != 'socket':
            raise ProgramError('"%s" is not a socket' % name)
        return value[1]

    def local_of(self, s):
        """The socket's address as its packets carry it: a wildcard bind (netns) is the host's."""
        addr, port = s.getsockname()[:2]
        return endpoint((self.own_addr if addr == '0.0.0.0' else addr, port))

    def bind_if_needed(self, s):
        """Clients bind to their own loopback address first, so that hosts stay distinct."""
        if s.getsockname()[1] == 0:
            s.bind((self.own_addr, 0))

    # ----- data -----------------------------------------------------------------------------

    def data(self, spec, vars_):
        if isinstance(spec, str):
            return spec.encode('utf-8')
        if 'text' in spec:
            return spec['text'].encode('utf-8')
        if 'hex' in spec:
            return bytes.fromhex(spec['hex'])
        if 'var' in spec:
            value = vars_.get(spec['var'])
            if not value or value[0] != 'bytes':
                raise ProgramError('"%s" holds no received bytes' % spec['var'])
            return value[1]
        if 'json' in spec:
            # JSON.stringify: no spaces, non-ASCII kept as is
            return json.dumps(spec['json'], separators=(',', ':'), ensure_ascii=False).encode('utf-8')
        if 'bytes' in spec:
            return (spec.get('fill', 'x').encode('utf-8')[:1] or b'x') * spec['bytes']
        if 'lengthPrefixed' in spec:
            body = self.data(spec['lengthPrefixed'], vars_)
            return struct.pack('>I', len(body)) + body
        return b''.join(self.data(part, vars_) for part in spec['concat'])

    # ----- threads --------------------------------------------------------------------------

    def start_thread(self, steps, path, vars_):
        with self.lock:
            self.threads_alive += 1
        thread = threading.Thread(target=self.thread_main, args=(steps, path, vars_), daemon=True)
        thread.start()
        return thread

    def thread_main(self, steps, path, vars_):
        try:
            self.run_steps(steps, path, vars_, 0)
        except ProgramError as error:
            self.say('scenarioError', error=error)
        except Stop:
            pass
        except Exception as error:  # a runner bug: say it in the trace rather than hang
            self.say('runnerError', error=repr(error))
        finally:
            with self.lock:
                self.threads_alive -= 1
                last = self.threads_alive == 0
            self.report_idle()
            if last:
                self.exit_process('ended')

    def exit_process(self, reason):
        """The last thread ended (or the run is stopped): close what is left, as exit() does."""
        with self.lock:
            if self.exiting:
                return
            self.exiting = True
            still_open = [fd for fd in self.owned if fd in self.sockets]
        self.local.step = None
        if reason == 'stopped':
            self.say('programStopped')
        if still_open:
            self.say('processExits', descriptors=', '.join(str(fd) for fd in still_open))
            for fd in still_open:
                self.op_close(fd)
        self.emit({'kind': '_exit', 't': now_us()})
        sys.stdout.flush()
        os._exit(0)

    def run_steps(self, steps, path, vars_, iteration):
        for i, step in enumerate(steps):
            here = '%s.%d' % (path, i)
            self.local.step = here
            flow = self.run_step(step, here, vars_, iteration)
            if flow != 'next':
                return flow
        return 'next'

    def outcome(self, step, event):
        """`next` after a success; after an errno, what `expect` and `onError` say (program.ts)."""
        if 'errno' not in event:
            return 'next'
        return self.on_error(step, event['errno'])

    def on_error(self, step, name):
        expected = step.get('expect', [])
        if isinstance(expected, str):
            expected = [expected]
        policy = step.get('onError', 'continue' if name in expected else 'exit')
        if policy == 'exit':
            self.say('threadStops', call=step['op'], errno=name)
        return 'next' if policy == 'continue' else policy

    @staticmethod
    def eof(on_eof):
        return on_eof if on_eof in ('break', 'exit') else 'next'

    # ----- steps ----------------------------------------------------------------------------

    def run_step(self, step, path, vars_, iteration):
        handler = self.STEP_HANDLERS.get(step['op'])
        if handler is None:
            raise ProgramError('unknown op "%s"' % step['op'])
        return getattr(self, handler)(step, path, vars_, iteration)

    # One handler per op (program.ts runStep), each (step, path, vars_, iteration) -> flow.
    STEP_HANDLERS = {
        'socket': 'step_socket',
        'setsockopt': 'step_setsockopt',
        'settimeout': 'step_settimeout',
        'bind': 'step_bind',
        'listen': 'step_listen',
        'accept': 'step_accept',
        'connect': 'step_connect',
        'send': 'step_send',
        'sendall': 'step_send',
        'sendgroup': 'step_sendgroup',
        'recv': 'step_recv',
        'recvuntil': 'step_recvuntil',
        'recvexact': 'step_recvexact',
        'recvframe': 'step_recvframe',
        'sendto': 'step_sendto',
        'recvfrom': 'step_recvfrom',
        'shutdown': 'step_shutdown',
        'close': 'step_close',
        'sleep': 'step_sleep',
        'repeat': 'step_repeat',
        'loop': 'step_repeat',
        'exit': 'step_exit',
    }

    def step_socket(self, step, path, vars_, iteration):
        event, fd = self.op_socket(step['type'])
        if fd is not None:
            vars_[step['as']] = ('socket', fd)
        return self.outcome(step, event)

    def step_setsockopt(self, step, path, vars_, iteration):
        fd = self.sock(vars_, step['socket'])
        return self.outcome(step, self.op_setsockopt(fd, step['option'], step['value']))

    def step_settimeout(self, step, path, vars_, iteration):
        return self.outcome(step, self.op_settimeout(self.sock(vars_, step['socket']), step['seconds']))

    def step_bind(self, step, path, vars_, iteration):
        fd = self.sock(vars_, step['socket'])
        return self.outcome(step, self.op_bind(fd, step.get('addr', '0.0.0.0'), step['port']))

    def step_listen(self, step, path, vars_, iteration):
        return self.outcome(step, self.op_listen(self.sock(vars_, step['socket']), step['backlog']))

    def step_accept(self, step, path, vars_, iteration):
        event = self.op_accept(self.sock(vars_, step['socket']))
        if 'errno' in event:
            return self.outcome(step, event)
        fd = event['result']['fd']
        vars_[step['as']] = ('socket', fd)
        if 'group' in step:
            with self.lock:
                self.groups.setdefault(step['group'], []).append(fd)
        if 'spawn' in step:
            self.start_thread(step['spawn'], path, dict(vars_))
        return 'next'

    def step_connect(self, step, path, vars_, iteration):
        return self.outcome(step, self.op_connect(self.sock(vars_, step['socket']), step['host'], step['port']))

    def step_send(self, step, path, vars_, iteration):
        data = self.data(step['data'], vars_)
        return self.outcome(step, self.op_send(self.sock(vars_, step['socket']), data, step['op'] == 'sendall'))

    def step_sendgroup(self, step, path, vars_, iteration):
        data = self.data(step['data'], vars_)
        except_fd = self.sock(vars_, step['exceptSocket']) if 'exceptSocket' in step else -1
        with self.lock:
            members = list(self.groups.get(step['group'], []))
        for fd in members:
            if fd != except_fd:
                self.op_send(fd, data, True)  # a member that left just reports its errno
        return 'next'

    def step_recv(self, step, path, vars_, iteration):
        event, data = self.op_recv(self.sock(vars_, step['socket']), step['max'])
        if data is None:
            return self.outcome(step, event)
        if 'as' in step:
            vars_[step['as']] = ('bytes', data)
        return self.eof(step.get('onEof')) if len(data) == 0 else 'next'

    def step_recvuntil(self, step, path, vars_, iteration):
        fd = self.sock(vars_, step['socket'])
        delimiter = step['delimiter'].encode('utf-8')
        # Linear in the bytes read (issue 15, finding 4, as program.ts recvUntil): the chunks go
        # into one bytearray, and each search starts where a delimiter could first end in the
        # new chunk, so a 16 MB line in 1 KB chunks is not 16,000 copies and scans of it.
        buffer = bytearray(self.leftovers.get(fd, b''))
        at = buffer.find(delimiter)
        if at >= 0:
            self.say('alreadyRead')
        while at < 0:
            start = max(0, len(buffer) - len(delimiter) + 1)
            event, data = self.op_recv(fd, step['chunk'])
            if data is None:
                return self.outcome(step, event)
            if len(data) == 0:
                self.leftovers.pop(fd, None)
                return self.eof(step.get('onEof'))
            buffer += data
            at = buffer.find(delimiter, start)
        self.leftovers[fd] = bytes(buffer[at + len(delimiter):])
        if 'as' in step:
            vars_[step['as']] = ('bytes', bytes(buffer[:at]))
        return 'next'

    def step_recvexact(self, step, path, vars_, iteration):
        read = self.recv_exact(self.sock(vars_, step['socket']), step['bytes'], step.get('chunk'))
        return self.framed_result(step, vars_, read)

    def step_recvframe(self, step, path, vars_, iteration):
        fd = self.sock(vars_, step['socket'])
        header = self.recv_exact(fd, 4, None)
        if header[0] != 'ok':
            return self.framed_result(step, vars_, header)
        length = struct.unpack('>I', header[1])[0]
        if length > self.max_frame_bytes:
            self.say('frameTooLong', length=length)
            return 'exit'
        body = ('ok', b'') if length == 0 else self.recv_exact(fd, length, None)
        return self.framed_result(step, vars_, body)

    def step_sendto(self, step, path, vars_, iteration):
        host, port = step.get('host'), step.get('port')
        if 'toVar' in step:
            value = vars_.get(step['toVar'])
            if not value or value[0] != 'address':
                raise ProgramError('"%s" is not an address' % step['toVar'])
            host, port = value[1], value[2]
            port -= self.port_offset  # stored real; sendto applies the offset again
        if host is None or port is None:
            raise ProgramError('sendto needs a destination')
        data = self.data(step['data'], vars_)
        return self.outcome(step, self.op_sendto(self.sock(vars_, step['socket']), data, host, port))

    def step_recvfrom(self, step, path, vars_, iteration):
        event, received = self.op_recvfrom(self.sock(vars_, step['socket']), step['max'])
        if received is None:
            return self.outcome(step, event)
        data, sender = received
        if 'as' in step:
            vars_[step['as']] = ('bytes', data)
        if 'fromAs' in step:
            vars_[step['fromAs']] = ('address', sender[0], sender[1])
        return 'next'

    def step_shutdown(self, step, path, vars_, iteration):
        return self.outcome(step, self.op_shutdown(self.sock(vars_, step['socket']), step['how']))

    def step_close(self, step, path, vars_, iteration):
        return self.outcome(step, self.op_close(self.sock(vars_, step['socket'])))

    def step_sleep(self, step, path, vars_, iteration):
        ms = step['ms'] * (step.get('backoff', 1) ** iteration)
        self.call(-1, 'sleep', {'ms': ms})
        self.blocking(-1, 'sleep', lambda: time.sleep(ms / 1000.0))
        self.ret(-1, 'sleep', 0)
        return 'next'

    def step_repeat(self, step, path, vars_, iteration):
        count = step['times'] if step['op'] == 'repeat' else step['max']
        for i in range(count):
            flow = self.run_steps(step['steps'], path, vars_, i)
            if flow == 'exit':
                return 'exit'
            if flow == 'break':
                break
        return 'next'

    def step_exit(self, step, path, vars_, iteration):
        return 'exit'

    def recv_exact(self, fd, n, chunk):
        """('ok', bytes) | ('eof',) | ('error', event): recv until n bytes (program.ts recvExact)."""
        buffer = bytearray(self.leftovers.get(fd, b''))  # appended in place: linear, as recvuntil
        while len(buffer) < n:
            want = n - len(buffer) if chunk is None else min(n - len(buffer), chunk)
            event, data = self.op_recv(fd, want)
            if data is None:
                return ('error', event)
            if len(data) == 0:
                self.leftovers.pop(fd, None)
                return ('eof',)
            buffer += data
        self.leftovers[fd] = bytes(buffer[n:])
        return ('ok', bytes(buffer[:n]))

    def framed_result(self, step, vars_, read):
        if read[0] == 'eof':
            return self.eof(step.get('onEof'))
        if read[0] == 'error':
            return self.outcome(step, read[1])
        if 'as' in step:
            vars_[step['as']] = ('bytes', read[1])
        return 'next'

    # ----- socket calls (each records a call and a return, as kernel.ts does) ---------------

    def lookup(self, fd):
        with self.lock:
            return self.sockets.get(fd)

    def op_socket(self, kind):
        self.call(-1, 'socket', {'type': 'SOCK_STREAM' if kind == 'tcp' else 'SOCK_DGRAM'})
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if kind == 'tcp' else socket.SOCK_DGRAM)
        except OSError as error:
            return self.ret(-1, 'socket', error=error), None
        if kind == 'tcp' and self.congestion:
            # The namespace's stated algorithm (bridge/wire/wire.py SYSCTLS says why per socket).
            try:
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, self.congestion.encode())
            except OSError:
                pass
        fd = s.fileno()
        with self.lock:
            self.sockets[fd] = s
            self.owned.append(fd)
        return self.ret(fd, 'socket', fd), fd

    def op_setsockopt(self, fd, option, value):
        self.call(fd, 'setsockopt', {'option': option, 'value': value})
        s = self.lookup(fd)
        if s is None:
            return self.ret(fd, 'setsockopt', error=OSError(errno.EBADF, 'bad descriptor'))
        n = int(value)  # true/false count as 1/0
        try:
            if option in ('SO_RCVTIMEO', 'SO_SNDTIMEO'):
                # milliseconds in the scenario; a struct timeval for the kernel
                timeval = struct.pack('ll', n // 1000, (n % 1000) * 1000)
                s.setsockopt(socket.SOL_SOCKET, getattr(socket, option), timeval)
                if n > 0:
                    self.bounded.add(fd)
                if option == 'SO_SNDTIMEO':
                    self.send_timeouts[fd] = n / 1000.0 if n > 0 else None
            elif option == 'SO_LINGER':
                # l_onoff=1, l_linger=n: with n=0, close() aborts the connection with a RST
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, n))
            elif option in ('TCP_NODELAY', 'TCP_KEEPIDLE', 'TCP_KEEPINTVL', 'TCP_KEEPCNT'):
                s.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), n)
            else:  # SO_REUSEADDR, SO_KEEPALIVE, SO_BROADCAST, SO_RCVBUF, SO_SNDBUF
                s.setsockopt(socket.SOL_SOCKET, getattr(socket, option), n)
                if option == 'SO_KEEPALIVE' and n:
                    self.bounded.add(fd)  # keepalive may end a blocked recv with ETIMEDOUT
        except OSError as error:
            return self.ret(fd, 'setsockopt', error=error)
        return self.ret(fd, 'setsockopt', 0)

    def op_settimeout(self, fd, seconds):
        self.call(fd, 'settimeout', {'seconds': seconds})
        s = self.lookup(fd)
        if s is None:
            return self.ret(fd, 'settimeout', error=OSError(errno.EBADF, 'bad descriptor'))
        s.settimeout(seconds)
        self.send_timeouts.pop(fd, None)  # one timeout for every call now (kernel.ts settimeout)
        if seconds is None:
            self.bounded.discard(fd)
        else:
            self.bounded.add(fd)
        return self.ret(fd, 'settimeout', 0)

    def op_bind(self, fd, addr, port):
        real = self.real_port(port)
        self.call(fd, 'bind', {'addr': addr, 'port': real})
        s = self.lookup(fd)
        if s is None:
            return self.ret(fd, 'bind', error=OSError(errno.EBADF, 'bad descriptor'))
        # 0.0.0.0 and the host's own scenario address both mean "this host": its loopback address.
        # In the wire's namespaces a UDP socket keeps the wildcard, for only a socket bound to it
        # receives a datagram sent to the subnet's broadcast address; a TCP socket takes the host's
        # own address (the same sockets reach it: the namespace has no other), so that the kernel's
        # tracepoints, which name a listener by its bound address, tell this run's from another's.
        if addr == '0.0.0.0' and self.netns and s is not None and s.type == socket.SOCK_DGRAM:
            where = addr
        elif addr in ('0.0.0.0', self.host) or self.by_scenario_addr.get(addr) == self.own_addr:
            where = self.own_addr
        elif addr == '127.0.0.1':
            where = addr
        else:
            return self.ret(fd, 'bind', error=OSError(errno.EADDRNOTAVAIL, 'not this host'))
        try:
            s.bind((where, real))
        except OSError as error:
            return self.ret(fd, 'bind', error=error)
        return self.ret(fd, 'bind', 0, local=self.local_of(s))

    def op_listen(self, fd, backlog):
        self.call(fd, 'listen', {'backlog': backlog})
        s = self.lookup(fd)
        if s is None:
            return self.ret(fd, 'listen', error=OSError(errno.EBADF, 'bad descriptor'))
        try:
            self.bind_if_needed(s)
            s.listen(backlog)
        except OSError as error:
            return self.ret(fd, 'listen', error=error)
        return self.ret(fd, 'listen', 0, local=self.local_of(s))

    def op_accept(self, fd):
        self.call(fd, 'accept', {})
        s = self.lookup(fd)
        if s is None:
            return self.ret(fd, 'accept', error=OSError(errno.EBADF, 'bad descriptor'))
        try:
            conn, peer = self.blocking(fd, 'accept', s.accept)
        except (OSError, socket.timeout) as error:
            return self.ret(fd, 'accept', error=error)
        child = conn.fileno()
        with self.lock:
            self.sockets[child] = conn
            self.owned.append(child)
        return self.ret(
            fd, 'accept', {'fd': child, 'peer': endpoint(peer)}, local=endpoint(conn.getsockname()), peer=endpoint(peer)
        )

    def op_connect(self, fd, host, port):
        s = self.lookup(fd)
        try:
            addr = self.resolve(host)
        except ProgramError:
            raise
        real = self.real_port(port)
        local = None
        if s is not None:
            try:
                self.bind_if_needed(s)  # the port is known before the SYN leaves: ss can map it
                local = endpoint(s.getsockname())
            except OSError:
                pass
        self.call(fd, 'connect', {'addr': addr, 'port': real}, local=local)
        if s is None:
            return self.ret(fd, 'connect', error=OSError(errno.EBADF, 'bad descriptor'))
        try:
            self.connect_socket(fd, s, (addr, real))
        except (OSError, socket.timeout) as error:
            return self.ret(fd, 'connect', error=error, local=local, peer='%s:%d' % (addr, real))
        return self.ret(fd, 'connect', 0, local=endpoint(s.getsockname()), peer=endpoint(s.getpeername()))

    def connect_socket(self, fd, s, address):
        """connect(), counted as blocked only once the SYN is out: a program started after this
        one then finds the connection under way, as in virtual time (and accepts keep their order)."""
        timeout = s.gettimeout()
        if timeout is None:
            timeout = self.send_timeouts.get(fd)  # SO_SNDTIMEO bounds a blocking connect (Linux)
        kept = s.gettimeout()
        s.setblocking(False)
        try:
            code = s.connect_ex(address)
            if code == errno.EINPROGRESS:
                self.blocking(fd, 'connect', lambda: wait_writable(s, timeout))
                code = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code == 0:
                    s.connect_ex(address)  # Linux: marks the socket connected, so a new connect() is EISCONN
        finally:
            s.settimeout(kept)
        if code != 0:
            raise OSError(code, os.strerror(code))

    def op_send(self, fd, data, all_):
        name = 'sendall' if all_ else 'send'
        self.call(fd, name, {'bytes': len(data), 'payload': b64(data, self.payload_limit)})
        s = self.lookup(fd)
        if s is None:
            return self.ret(fd, name, error=OSError(errno.EBADF, 'bad descriptor'))
        try:
            if all_:
                self.blocking(fd, name, lambda: s.sendall(data))
                sent = len(data)
            else:
                sent = self.blocking(fd, name, lambda: s.send(data))
        except (OSError, socket.timeout) as error:
            return self.ret(fd, name, error=error)
        return self.ret(fd, name, sent)

    def op_recv(self, fd, max_):
        """(event, bytes) on success, (event, None) on an errno."""
        self.call(fd, 'recv', {'max': max_})
        s = self.lookup(fd)
        if s is None:
            return self.ret(fd, 'recv', error=OSError(errno.EBADF, 'bad descriptor')), None
        try:
            data = self.blocking(fd, 'recv', lambda: s.recv(max_))
        except (OSError, socket.timeout) as error:
            return self.ret(fd, 'recv', error=error), None
        return self.ret(fd, 'recv', {'bytes': len(data), 'payload': b64(data, self.payload_limit)}), data

    def op_sendto(self, fd, data, host, port):
        s = self.lookup(fd)
        addr = self.resolve(host)
        real = self.real_port(port)
        self.call(fd, 'sendto', {'bytes': len(data), 'payload': b64(data, self.payload_limit), 'addr': addr, 'port': real})
        if s is None:
            return self.ret(fd, 'sendto', error=OSError(errno.EBADF, 'bad descriptor'))
        try:
            self.bind_if_needed(s)
            s.sendto(data, (addr, real))
        except (OSError, socket.timeout) as error:
            return self.ret(fd, 'sendto', error=error)
        return self.ret(fd, 'sendto', len(data), local=self.local_of(s))

    def op_recvfrom(self, fd, max_):
        self.call(fd, 'recvfrom', {'max': max_})
        s = self.lookup(fd)
        if s is None:
            return self.ret(fd, 'recvfrom', error=OSError(errno.EBADF, 'bad descriptor')), None
        try:
            data, sender = self.blocking(fd, 'recvfrom', lambda: s.recvfrom(max_))
        except (OSError, socket.timeout) as error:
            return self.ret(fd, 'recvfrom', error=error), None
        result = {'bytes': len(data), 'payload': b64(data, self.payload_limit), 'from': endpoint(sender)}
        return self.ret(fd, 'recvfrom', result), (data, sender)

    def op_shutdown(self, fd, how):
        self.call(fd, 'shutdown', {'how': how})
        s = self.lookup(fd)
        if s is None:
            return self.ret(fd, 'shutdown', error=OSError(errno.EBADF, 'bad descriptor'))
        try:
            s.shutdown(getattr(socket, how))
        except OSError as error:
            return self.ret(fd, 'shutdown', error=error)
        return self.ret(fd, 'shutdown', 0)

    def op_close(self, fd):
        self.call(fd, 'close', {})
        with self.lock:
            s = self.sockets.pop(fd, None)
            if s is not None:
                self.owned.remove(fd)
                self.leftovers.pop(fd, None)
                self.bounded.discard(fd)
                self.send_timeouts.pop(fd, None)
        if s is None:
            return self.ret(fd, 'close', error=OSError(errno.EBADF, 'bad descriptor'))
        try:
            s.close()
        except OSError as error:
            return self.ret(fd, 'close', error=error)
        return self.ret(fd, 'close', 0)


def enter_namespace(name):
    """Moves this thread into the network namespace /run/netns/NAME (bridge/wire/wire.py made it).
    Python 3.11 has no os.setns; setns(2) acts on the calling thread only, and every thread it
    starts afterwards inherits the namespace: called first, it covers the whole program."""
    import ctypes

    libc = ctypes.CDLL('libc.so.6', use_errno=True)
    fd = os.open('/run/netns/' + name, os.O_RDONLY)
    try:
        if libc.setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
            error = ctypes.get_errno()
            raise OSError(error, 'setns %s: %s' % (name, os.strerror(error)))
    finally:
        os.close(fd)


def child_main():
    config = json.loads(sys.stdin.readline())
    namespace = (config.get('netns') or {}).get(config['scenario']['programs'][config['index']]['host'])
    if namespace:
        enter_namespace(namespace)
    program = Program(config)
    program.emit({'kind': '_ready', 't': now_us()})
    line = sys.stdin.readline().split()
    if not line or line[0] != 'go':
        os._exit(0)
    delay = (int(line[1]) - now_us()) / 1e6
    if delay > 0:
        time.sleep(delay)
    program.start_thread(program.steps, str(program.index), {})
    # The coordinator says "stop" when the run is over for this program (or aborted).
    for command in sys.stdin:
        if command.strip() == 'stop':
            program.exit_process('stopped')
    program.exit_process('stopped')  # stdin closed: the coordinator is gone


# --------------------------------------------------------------------------------------------
# Coordinator: starts one child per program, merges their lines, stops them when done.
# --------------------------------------------------------------------------------------------


def scenario_ports(scenario):
    """Every port a step names: bind, connect and sendto (0 = ephemeral is not one)."""
    ports = set()

    def walk(steps):
        for step in steps:
            if step['op'] in ('bind', 'connect', 'sendto') and step.get('port'):
                ports.add(step['port'])
            for key in ('steps', 'spawn'):
                if key in step:
                    walk(step[key])

    for program in scenario['programs']:
        walk(program['steps'])
    return sorted(ports)


def port_is_free(port):
    """Free for TCP and UDP on every address: no socket of any state (TIME-WAIT too) holds it."""
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        probe = socket.socket(socket.AF_INET, kind)
        try:
            probe.bind(('0.0.0.0', port))  # without SO_REUSEADDR a TIME-WAIT socket blocks it
        except OSError:
            return False
        finally:
            probe.close()
    return True


def choose_offset(ports, wanted, low, high):
    """The offset `wanted`, else 0 if every port is free, else one that keeps them in low..high."""
    if wanted is not None:
        return wanted
    if all(port_is_free(p) for p in ports):
        return 0
    top = max(ports) if ports else 0
    for _ in range(200):
        offset = random.randrange(1000, 60000 - top) if top < 59000 else -random.randrange(1, top - low)
        if all(low <= p + offset <= high and port_is_free(p + offset) for p in ports):
            return offset
    raise SystemExit('no free ports for the scenario')


def out(event):
    sys.stdout.write(json.dumps(event, separators=(',', ':')) + '\n')
    sys.stdout.flush()


class Coordinator:
    """Starts one child per program, merges their lines, starts and stops them (coordinator_main)."""

    # Keys of the first stdin line that every child gets as they are.
    SHARED_CONFIG = ('addresses', 'tracePayloadLimit', 'maxFrameBytes', 'notes', 'netns', 'congestionControl')

    def __init__(self, config):
        self.config = config
        self.scenario = config['scenario']
        self.time_limit = float(config['timeLimitS'])
        self.quiet = float(config['quietMs']) / 1000.0
        self.ports = scenario_ports(self.scenario)
        self.offset = choose_offset(self.ports, config.get('portOffset'), config['minPort'], config['maxPort'])
        self.commands = queue.Queue()
        self.lines = queue.Queue()
        self.children = []
        self.started = False
        self.start_us = 0
        self.deadline = 0.0
        self.last_event = time.monotonic()

    def run(self):
        ports = [p + self.offset for p in self.ports]
        out({'kind': 'ready', 'portOffset': self.offset, 'ports': ports, 't': now_us()})
        threading.Thread(target=self.read_commands, daemon=True).start()
        if self.commands.get() != 'go':
            out({'kind': 'end', 'reason': 'aborted', 't': now_us()})
            return
        for index in range(len(self.scenario['programs'])):
            self.children.append(self.spawn(index))
        reason = self.supervise()
        self.drain()
        for c in self.children:
            if c['process'].poll() is None:
                c['process'].kill()
            c['process'].wait()
        out({'kind': 'end', 'reason': reason, 't': now_us()})

    def read_commands(self):
        for line in sys.stdin:
            self.commands.put(line.strip())
        self.commands.put('stop')  # the bridge is gone

    def spawn(self, index):
        """One child process for program `index`, its config sent, its output pumped to `lines`."""
        child = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), '--child'],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            close_fds=True,  # the child's first socket is descriptor 3, as in the simulator
            text=True,
            bufsize=1,
        )
        child_config = {key: self.config.get(key) for key in self.SHARED_CONFIG}
        child_config.update(
            scenario=self.scenario,
            index=index,
            scenarioAddresses=self.config.get('scenarioAddresses', {}),
            portOffset=self.offset,
        )
        child.stdin.write(json.dumps(child_config) + '\n')
        child.stdin.flush()
        state = {
            'process': child,
            'startMs': self.scenario['programs'][index].get('startMs', 0),
            'ready': False,
            'go': False,
            'idle': False,
            'settled': False,
            'exited': False,
            'stopped': False,
        }
        threading.Thread(target=self.pump, args=(state, child.stdout, False), daemon=True).start()
        threading.Thread(target=self.pump, args=(state, child.stderr, True), daemon=True).start()
        return state

    def pump(self, state, stream, err):
        for line in stream:
            self.lines.put((state, line, err))
        if not err:
            self.lines.put((state, None, False))

    def send(self, state, text):
        try:
            state['process'].stdin.write(text + '\n')
            state['process'].stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass

    def supervise(self):
        """Runs until every child has exited, or the run is aborted; returns the end reason."""
        self.deadline = time.monotonic() + self.time_limit + 5  # the children's start-up counts too
        reason = 'ended'
        while not all(c['exited'] for c in self.children):
            self.take_line()
            self.start_programs()
            why = self.stop_reason()
            if why is None:
                continue
            reason = why
            for c in self.children:
                if not c['exited'] and not c['stopped']:
                    c['stopped'] = True
                    self.send(c, 'stop')
            if reason != 'stopped':
                break
        return reason

    def take_line(self):
        """Handles one line of a child, if one comes within 20 ms."""
        try:
            state, line, err = self.lines.get(timeout=0.02)
        except queue.Empty:
            return
        if err:
            sys.stderr.write(line)
        elif line is None:
            state['exited'] = True
        else:
            event = json.loads(line)
            kind = event['kind']
            if kind == '_ready':
                state['ready'] = True
            elif kind == '_idle':
                state['idle'] = event['idle']
            elif kind == '_settled':
                state['settled'] = event['settled']
            elif kind != '_exit':
                out(event)
            self.last_event = time.monotonic()

    def start_programs(self):
        """Once every child is ready: `started`, then each program in turn when it is due."""
        if not self.started and all(c['ready'] for c in self.children):
            self.started = True
            self.start_us = now_us() + 20000
            out({'kind': 'started', 't': self.start_us})
            self.deadline = time.monotonic() + self.time_limit
        if not self.started:
            return
        # Programs start in startMs order, each at its startMs and not before every program
        # started earlier is blocked, sleeping or gone: in virtual time a program runs until
        # it blocks before the clock moves, and real processes take a few ms to get going.
        for c in sorted(self.children, key=lambda c: c['startMs']):
            if c['go']:
                continue
            earlier = [e for e in self.children if e['go']]
            due = self.start_us + int(c['startMs'] * 1000)
            if now_us() >= due and all(e['settled'] or e['exited'] for e in earlier):
                c['go'] = True
                self.send(c, 'go %d' % max(due, now_us()))
            elif now_us() >= due + 2000000:  # an earlier program never settles: go anyway
                c['go'] = True
                self.send(c, 'go %d' % now_us())
            break

    def stop_reason(self):
        """Why the programs must stop now (aborted, time limit, nothing can happen), or None."""
        try:
            command = self.commands.get_nowait()
        except queue.Empty:
            command = None
        live = [c for c in self.children if not c['exited']]
        if command == 'stop':
            return 'aborted'
        if time.monotonic() > self.deadline:
            return 'time limit'
        if (
            self.started
            and all(c['go'] for c in self.children)
            and live
            and all(c['idle'] for c in live)
            and time.monotonic() - self.last_event > self.quiet
        ):
            return 'stopped'  # every program waits for a peer that will not come
        return None

    def drain(self):
        """Gives stopped children a moment to record their closes."""
        end = time.monotonic() + 2
        while not all(c['exited'] for c in self.children) and time.monotonic() < end:
            self.take_line()


def coordinator_main():
    Coordinator(json.loads(sys.stdin.readline())).run()


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--child':
        child_main()
    else:
        coordinator_main()
