#!/usr/bin/env python3
# Kernel tracepoints of one real run (README "Bridge"): a tracefs instance of its own
# (instances/wirestep-<pid>-<n>, so the global buffer is never touched), trace clock "mono",
# sock:inet_sock_set_state, tcp:tcp_probe and the TCP and error notes filtered on the run's ports, read from its trace_pipe
# and printed as JSON lines. It cleans up (events off, instance removed, tracefs unmounted if it
# mounted it) on "stop" or EOF on stdin, on SIGTERM/SIGHUP/SIGINT, and when its parent dies
# (stdin closes, PR_SET_PDEATHSIG), so a bridge killed mid-run leaves no tracing behind.
#
#   tracefs_reader.py check                     -> {"ok": true} or {"ok": false, "reason": ...}
#   tracefs_reader.py run NAME PORT[,PORT...]   -> ready, line..., end
import ctypes
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

# Event -> its filter before the ports (None: the event has no port fields, matched by the bridge).
EVENTS = {
    "sock/inet_sock_set_state": "family == 2 && protocol == 6",
    "tcp/tcp_retransmit_skb": "family == 2",
    # A listener's SYN-ACK sent again (tcp_rtx_synack()): the request sock has no tcp_retransmit_skb.
    "tcp/tcp_retransmit_synack": "family == 2",
    "tcp/tcp_send_reset": None,
    "tcp/tcp_receive_reset": None,
    # Per arriving segment of an ESTABLISHED socket (tcp_rcv_established()): the TCB with cwnd,
    # ssthresh and srtt. Its sport/dport are the socket's own.
    "tcp/tcp_probe": "family == 2",
    # The congestion-avoidance state machine (TCP_CA_Open, Disorder, CWR, Recovery, Loss).
    "tcp/tcp_cong_state_set": "family == 2",
    # The errno the kernel reports to a socket (sk_error_report()), UDP included.
    "sock/inet_sk_error_report": "family == 2",
}
REQUIRED = "sock/inet_sock_set_state"
MAX_PORTS = 64


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def die_with_parent():
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # stdin EOF still tells us


def find_mount():
    """A tracefs mount to use, never a private one of Wirestep's (another reader's, or a test's):
    its owner unmounts it when it ends, and an instance made under it could then no longer be
    reached to be removed, staying behind with its events on."""
    with open("/proc/mounts") as mounts:
        for line in mounts:
            fields = line.split()
            if len(fields) > 2 and fields[2] == "tracefs" and "/wirestep-" not in fields[1]:
                return fields[1]
    return None


class Tracefs:
    """The tracefs root: an existing mount, or one of our own under /tmp, unmounted at the end."""

    def __init__(self):
        self.root = find_mount()
        self.mounted = None
        if self.root is None:
            if os.geteuid() != 0:
                raise RuntimeError("tracefs is not mounted and mounting it needs root")
            path = tempfile.mkdtemp(prefix="wirestep-tracefs-")
            done = subprocess.run(["mount", "-t", "tracefs", "nodev", path], capture_output=True, text=True)
            if done.returncode != 0:
                os.rmdir(path)
                raise RuntimeError("cannot mount tracefs: " + (done.stderr.strip() or "mount failed"))
            self.root = self.mounted = path

    def close(self):
        if self.mounted is not None:
            subprocess.run(["umount", "-l", self.mounted], capture_output=True)
            try:
                os.rmdir(self.mounted)
            except OSError:
                pass
            self.mounted = None


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def check():
    try:
        fs = Tracefs()
    except RuntimeError as error:
        return emit({"ok": False, "reason": str(error)})
    try:
        event = os.path.join(fs.root, "events", REQUIRED)
        if not os.path.isdir(event):
            return emit({"ok": False, "reason": "this kernel has no sock:inet_sock_set_state tracepoint"})
        if not os.access(os.path.join(fs.root, "instances"), os.W_OK):
            return emit({"ok": False, "reason": "tracefs instances are not writable (the bridge must run as root)"})
        emit({"ok": True})
    finally:
        fs.close()


def clock_offset():
    """CLOCK_REALTIME - CLOCK_MONOTONIC in ns, from the tightest of 20 bracketed readings."""
    best = None
    for _ in range(20):
        r1 = time.clock_gettime_ns(time.CLOCK_REALTIME)
        m = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        r2 = time.clock_gettime_ns(time.CLOCK_REALTIME)
        if best is None or r2 - r1 < best[1]:
            best = ((r1 + r2) // 2 - m, r2 - r1)
    return {"offsetNs": best[0], "errorNs": (best[1] + 1) // 2}


def remove_instance(path, tries=500):
    """Events off, then rmdir: refused (EBUSY) while a reader of its trace_pipe is still leaving,
    which on a loaded machine can take seconds, so it is retried for up to 10 s."""
    events = os.path.join(path, "events", "enable")
    try:
        write(events, "0")
    except OSError:
        pass
    for _ in range(tries):
        try:
            os.rmdir(path)
            return True
        except FileNotFoundError:
            return True
        except OSError:
            time.sleep(0.02)
    return False


def sweep_orphans(fs):
    """Instances left by a run whose bridge died before its reader could clean up (SIGKILL under
    load): wirestep-<pid>-<n> with no process <pid> any more. Leave tracing as it was found."""
    root = os.path.join(fs.root, "instances")
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        parts = name.split("-")
        if len(parts) != 3 or parts[0] != "wirestep" or not parts[1].isdigit():
            continue
        try:
            os.kill(int(parts[1]), 0)
        except ProcessLookupError:
            remove_instance(os.path.join(root, name), tries=50)
        except PermissionError:
            pass  # the process exists


class Instance:
    def __init__(self, fs, name, ports):
        self.path = os.path.join(fs.root, "instances", name)
        sweep_orphans(fs)
        os.mkdir(self.path)
        self.enabled = []
        self.pipe = None
        try:
            self.configure(ports)
        except BaseException:  # a signal (Stop) included: a half-made instance is removed too
            self.close()
            raise

    def configure(self, ports):
        write(os.path.join(self.path, "trace_clock"), "mono")
        write(os.path.join(self.path, "buffer_size_kb"), "1024")
        port_filter = " || ".join("sport == %d || dport == %d" % (p, p) for p in ports)
        for event, base in EVENTS.items():
            directory = os.path.join(self.path, "events", event)
            if not os.path.isdir(directory):
                if event == REQUIRED:
                    raise RuntimeError("this kernel has no " + event.replace("/", ":") + " tracepoint")
                continue
            if base is not None:
                write(os.path.join(directory, "filter"), "%s && (%s)" % (base, port_filter))
            self.enabled.append(directory)
            write(os.path.join(directory, "enable"), "1")
        self.pipe = os.open(os.path.join(self.path, "trace_pipe"), os.O_RDONLY | os.O_NONBLOCK)

    def read(self):
        try:
            return os.read(self.pipe, 65536)
        except BlockingIOError:
            return b""

    def close(self):
        for directory in self.enabled:
            try:
                write(os.path.join(directory, "enable"), "0")
            except OSError:
                pass
        self.enabled = []
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None
        remove_instance(self.path)


class Stop(Exception):
    pass


def on_signal(_number, _frame):
    raise Stop()


def pump(instance, pending, final=False):
    while True:
        chunk = instance.read()
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            if line.strip():
                emit({"kind": "line", "text": line.decode("utf8", "replace")})
        if not final:
            break
    return pending


def run(name, ports):
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, on_signal)
    die_with_parent()
    fs = None
    instance = None
    try:
        fs = Tracefs()
        instance = Instance(fs, name, ports)
        emit({"kind": "ready", "instance": instance.path, "clock": "mono", **clock_offset()})
        pending = b""
        stdin = sys.stdin.fileno()
        while True:
            readable, _, _ = select.select([stdin, instance.pipe], [], [], 0.05)
            if stdin in readable:
                data = os.read(stdin, 4096)
                if not data or b"stop" in data:
                    break
            pending = pump(instance, pending)
        time.sleep(0.005)
        pump(instance, pending, final=True)
        emit({"kind": "end", **clock_offset()})
    except Stop:
        pass
    except (RuntimeError, OSError) as error:
        emit({"kind": "error", "reason": str(error)})
    finally:
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)  # cleanup is not interrupted
        if instance is not None:
            instance.close()
        if fs is not None:
            fs.close()


def main(argv):
    if len(argv) >= 2 and argv[1] == "check":
        return check()
    if len(argv) == 4 and argv[1] == "run":
        ports = [int(p) for p in argv[3].split(",") if p][:MAX_PORTS]
        if not ports or not argv[2].startswith("wirestep-") or "/" in argv[2]:
            emit({"kind": "error", "reason": "usage: run wirestep-NAME PORT[,PORT...]"})
            return
        return run(argv[2], ports)
    emit({"kind": "error", "reason": "usage: tracefs_reader.py check | run NAME PORTS"})


if __name__ == "__main__":
    main(sys.argv)
