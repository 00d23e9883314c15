#!/usr/bin/env python3
"""Starts a command under a fake systemd NOTIFY_SOCKET and times process start -> READY=1.

  notify-ready.py LOG -- COMMAND...

Prints one line, "<ms> <exit code>": the wall-clock milliseconds from just before the process is
started to the READY=1 datagram, then the exit code after SIGTERM. The command's output goes to LOG.
Like systemd with NotifyAccess=main, READY=1 counts only when it comes from the started process
itself (SO_PASSCRED gives the sender's pid). Exits 1 if READY=1 does not come within 60 s or the
process does not exit within 20 s of SIGTERM (systemd's TimeoutStopSec is 10 s).
"""
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

READY_TIMEOUT_S = 60
STOP_TIMEOUT_S = 20


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: notify-ready.py LOG -- COMMAND...")
    log_path, cmd = sys.argv[1], sys.argv[3:]
    with tempfile.TemporaryDirectory(prefix="notify-ready-") as tmp:
        path = os.path.join(tmp, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        sock.bind(path)
        env = dict(os.environ, NOTIFY_SOCKET=path)
        with open(log_path, "wb") as log:
            start = time.monotonic_ns()
            proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                ready_ms = wait_ready(sock, proc, start)
            finally:
                proc.send_signal(signal.SIGTERM)
                try:
                    code = proc.wait(STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    sys.exit(f"the process did not exit within {STOP_TIMEOUT_S} s of SIGTERM"
                             f" (killed; log: {log_path})")
        print(f"{ready_ms:.1f} {code}")


def wait_ready(sock, proc, start):
    deadline = time.monotonic() + READY_TIMEOUT_S
    creds = struct.calcsize("3i")
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            sys.exit(f"no READY=1 within {READY_TIMEOUT_S} s"
                     + ("" if proc.poll() is None else f" (it exited with {proc.returncode})"))
        sock.settimeout(min(left, 0.5))
        try:
            data, anc, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(creds))
        except socket.timeout:
            continue
        now = time.monotonic_ns()
        pid = None
        for level, kind, value in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("3i", value[:creds])[0]
        if b"READY=1" in data.split(b"\n") and pid == proc.pid:
            return (now - start) / 1e6


if __name__ == "__main__":
    main()
