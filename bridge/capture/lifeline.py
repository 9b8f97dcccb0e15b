#!/usr/bin/env python3
# Runs one command (tcpdump) for the bridge and ends it when the bridge goes away, even when the
# bridge is killed with SIGKILL and cannot clean up itself: the bridge holds this process's
# stdin, which reads EOF the moment the bridge dies; PR_SET_PDEATHSIG is a second line.
# The command inherits stdout and stderr; SIGTERM/SIGINT/SIGHUP are passed on as SIGTERM.
#
#   lifeline.py COMMAND [ARGS...]   -> exits with the command's status
import ctypes
import os
import select
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1
GRACE_S = 1.0


def die_with_parent():
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


class Stop(Exception):
    pass


def on_signal(_number, _frame):
    raise Stop()


def end(child):
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(GRACE_S)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: lifeline.py COMMAND [ARGS...]\n")
        return 2
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    die_with_parent()
    if os.getppid() == 1:
        return 1  # the bridge is already gone
    child = subprocess.Popen(argv[1:], stdin=subprocess.DEVNULL)
    stdin = sys.stdin.fileno()
    try:
        while child.poll() is None:
            readable, _, _ = select.select([stdin], [], [], 0.2)
            if stdin in readable and not os.read(stdin, 4096):
                break  # EOF: the bridge closed its end or died
    except Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        end(child)
    return child.returncode if child.returncode >= 0 else 128 - child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
