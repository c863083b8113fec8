#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Overload srv6d's control socket (tests/net/test_faults_load.sh).

    ctlflood.py SOCK CLIENTS ROUNDS

At once, on one socket:
  - CLIENTS clients, each pipelining ROUNDS x (route add, show counters,
    route del) of its own prefix 2001:db8:f:<client>:<round>::/80 without
    waiting for answers, then reading them all;
  - a client that sends 4000 `show routes --json` and never reads;
  - a client that sends a 100 KiB line (longer than any request may be);
  - more connections than the server takes (SR6_SERVER_CLIENTS_MAX).
Prints JSON: replies 200/400 for the pipelining clients, whether the long
line was refused ("400"), how many connections were turned away, seconds.
Every wait is bounded (60 s).
"""
import json
import select
import socket
import sys
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.setblocking(False)
    return s


def main():
    path, clients, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    start = time.monotonic()
    work = []
    for c in range(clients):
        lines = []
        for r in range(rounds):
            pfx = f"2001:db8:f:{c:x}:{r:x}::/80"
            lines += [f"route add {pfx} via 2001:db8:1::1", "show counters", f"route del {pfx}"]
        work.append({"s": connect(path), "out": ("\n".join(lines) + "\n").encode(),
                     "in": b"", "want": len(lines)})
    deaf = connect(path)
    deaf_out = b"show routes --json\n" * 4000
    longline = connect(path)
    long_out = b"show " + b"x" * (100 * 1024) + b"\n"
    long_in = b""
    extra, turned_away = [], 0
    for _ in range(8):  # past the server's limit
        try:
            extra.append(connect(path))
        except OSError:
            turned_away += 1

    deadline = start + 60
    while time.monotonic() < deadline:
        busy = False
        for w in work:
            if w["out"]:
                try:
                    n = w["s"].send(w["out"])
                    w["out"] = w["out"][n:]
                except BlockingIOError:
                    pass
            try:
                while True:
                    b = w["s"].recv(65536)
                    if not b:
                        break
                    w["in"] += b
            except BlockingIOError:
                pass
            busy |= w["in"].count(b"\n") < w["want"] or bool(w["out"])
        for s, name in ((deaf, "deaf"), (longline, "long")):
            out = deaf_out if name == "deaf" else long_out
            if out:
                try:
                    n = s.send(out)
                    if name == "deaf":
                        deaf_out = deaf_out[n:]
                    else:
                        long_out = long_out[n:]
                except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                    pass
        try:
            b = longline.recv(65536)
            long_in += b
        except (BlockingIOError, ConnectionResetError):
            pass
        for s in list(extra):
            try:
                b = s.recv(256)
                if b.startswith(b"400") or not b:
                    turned_away += 1
                    extra.remove(s)
                    s.close()
            except BlockingIOError:
                pass
        if not busy:
            break
        select.select([w["s"] for w in work], [], [], 0.01)

    ok = err = 0
    for w in work:
        # replies are "200 N\n" + N bytes: count the headers
        data, off = w["in"], 0
        while off < len(data):
            nl = data.index(b"\n", off)
            status, n = data[off:nl].split()
            ok += status == b"200"
            err += status != b"200"
            off = nl + 1 + int(n)
        w["s"].close()
    for s in [deaf, longline] + extra:
        s.close()
    print(json.dumps({"clients": clients, "requests": sum(w["want"] for w in work),
                      "replies_200": ok, "replies_400": err,
                      "long_line_refused": long_in.startswith(b"400"),
                      "turned_away": turned_away,
                      "seconds": round(time.monotonic() - start, 2)}))


if __name__ == "__main__":
    main()
