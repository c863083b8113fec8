# SPDX-License-Identifier: MIT
"""Packet conformance harness (DESIGN.md §3, tier 2).

A test builds input packets with scapy, runs them through
`srv6d --oneshot` with a config, and compares every output packet byte
for byte with the packet its own model expects (built independently with
scapy, never read back from srv6d's output). tshark then decodes every
output file and must report no malformed packet and no error-level expert
info.

    r = Router('''
        interface add wan driver pcap rx {wan_in} tx {wan_out}
        ...''', inputs={'wan': [pkt1, pkt2]})
    out = r.run()                 # {'wan': [...], 'lan': [...]} raw bytes
    r.counters['drops']['ip6_hop_limit'] == 1

Placeholders {NAME_in}/{NAME_out} in the config become temp pcap paths.
linktype is one link type for every input file, or {name: linktype} (raw
for names not listed).
Run a file directly: /usr/bin/python3 test_x.py --srv6d build/srv6d
"""
import argparse
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

try:
    from scapy.all import (Ether, IP, IPv6, Raw, raw, wrpcap, rdpcap, conf,
                           PcapWriter)
except ImportError:  # pragma: no cover - reported as SKIP
    print("SKIP: python3-scapy is not installed (run scripts/bootstrap.sh)")
    sys.exit(77)

conf.verb = 0
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)  # raw-bytes records warn
SRV6D = None
LINKTYPE_RAW = 101
LINKTYPE_ETHERNET = 1


def hexdiff(got, want):
    """A readable first-difference report for two byte strings."""
    n = min(len(got), len(want))
    first = next((i for i in range(n) if got[i] != want[i]), n)
    lines = [f"lengths got={len(got)} want={len(want)}, first difference at byte {first}"]
    lo = max(0, first - 16) & ~15
    for label, b in (("got ", got), ("want", want)):
        lines.append(f"  {label} [{lo}:]: " + b[lo:lo + 48].hex(" "))
    return "\n".join(lines)


def assert_bytes(got, want, what="packet"):
    got, want = bytes(got), bytes(want)
    if got != want:
        detail = hexdiff(got, want)
        try:
            g = IPv6(got) if got and got[0] >> 4 == 6 else IP(got)
            w = IPv6(want) if want and want[0] >> 4 == 6 else IP(want)
            detail += "\n  got:  " + g.summary() + "\n  want: " + w.summary()
        except Exception:  # decoding is only for the message
            pass
        raise AssertionError(f"{what} differs\n{detail}")


def write_pcap(path, pkts, linktype):
    with PcapWriter(path, linktype=linktype, sync=True) as w:
        if not pkts:
            w._write_header(None)
        for p in pkts:
            w.write(p if not isinstance(p, (bytes, bytearray)) else Raw(p))


def read_pcap_bytes(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return []
    return [bytes(p) for p in rdpcap(path)]


def tshark_problems(path):
    """Malformed packets or error-level expert infos tshark reports."""
    if not shutil.which("tshark") or not os.path.exists(path):
        return []
    res = subprocess.run(
        ["tshark", "-n", "-r", path, "-o", "ip.check_checksum:TRUE",
         "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
         "-Y", "_ws.malformed || _ws.expert.severity >= error",
         "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message"],
        capture_output=True, text=True)
    return [l for l in res.stdout.splitlines() if l.strip()]


class Router:
    """One srv6d --oneshot run over pcap files."""

    def __init__(self, config, inputs=None, linktype=LINKTYPE_RAW, tshark_allow=()):
        self.tmp = tempfile.mkdtemp(prefix="srv6test-")
        self.inputs = inputs or {}
        self.linktype = linktype
        names = set(re.findall(r"\{(\w+?)_(?:in|out)\}", config))
        self.paths = {}
        for n in names:
            self.paths[f"{n}_in"] = os.path.join(self.tmp, f"{n}-in.pcap")
            self.paths[f"{n}_out"] = os.path.join(self.tmp, f"{n}-out.pcap")
        self.config = config.format(**self.paths)
        self.tshark_allow = tshark_allow  # expert messages a test expects (say why there)
        self.counters = None
        self.stdout = self.stderr = ""

    def run(self, expect_ok=True):
        for key, path in self.paths.items():
            if key.endswith("_in"):
                name = key[:-3]
                lt = self.linktype.get(name, LINKTYPE_RAW) if isinstance(self.linktype, dict) \
                    else self.linktype
                write_pcap(path, self.inputs.get(name, []), lt)
        conf_path = os.path.join(self.tmp, "srv6d.conf")
        with open(conf_path, "w") as f:
            f.write(self.config)
        res = subprocess.run([SRV6D, "-c", conf_path, "--oneshot", "--json"],
                             capture_output=True, text=True, timeout=60)
        self.stdout, self.stderr, self.returncode = res.stdout, res.stderr, res.returncode
        if expect_ok and res.returncode != 0:
            raise AssertionError(f"srv6d exited {res.returncode}: {res.stderr.strip()}")
        if res.returncode == 0:
            self.counters = json.loads(res.stdout)
        outs = {}
        for key, path in self.paths.items():
            if key.endswith("_out"):
                outs[key[:-4]] = read_pcap_bytes(path)
                problems = [p for p in tshark_problems(path)
                            if not any(a in p for a in self.tshark_allow)]
                if problems:
                    raise AssertionError(f"tshark finds problems in {key}: {problems}")
        return outs

    def drops(self, reason):
        return self.counters["drops"][reason]

    def event(self, name):
        return self.counters["events"][name]

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_config(config, extra_args=("--check",)):
    """Run srv6d on a config file text; returns (returncode, stdout, stderr, path)."""
    tmp = tempfile.mkdtemp(prefix="srv6test-")
    path = os.path.join(tmp, "srv6d.conf")
    with open(path, "w") as f:
        f.write(config)
    res = subprocess.run([SRV6D, *extra_args, "-c", path], capture_output=True, text=True,
                         timeout=60)
    shutil.rmtree(tmp, ignore_errors=True)
    return res.returncode, res.stdout, res.stderr, path


def oneshot(config, inputs, linktype=LINKTYPE_RAW, tshark_allow=()):
    """Run once, return (outputs, router) with the temp files removed."""
    r = Router(config, inputs, linktype, tshark_allow)
    try:
        return r.run(), r
    finally:
        r.cleanup()


TESTS = []


def test(fn):
    """Decorator: register fn as a test of this file."""
    TESTS.append(fn)
    return fn


def main(tests=None):
    """Run the registered tests; print ok/FAIL per test like the C harness."""
    tests = TESTS if tests is None else tests
    global SRV6D
    ap = argparse.ArgumentParser()
    ap.add_argument("--srv6d", required=True)
    ap.add_argument("filter", nargs="?", default="")
    args = ap.parse_args()
    SRV6D = os.path.abspath(args.srv6d)
    failed = run = 0
    for fn in tests:
        if args.filter not in fn.__name__:
            continue
        run += 1
        try:
            fn()
            print(f"ok   {fn.__name__}")
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc()
    print(f"{run} tests, {failed} failed")
    sys.exit(1 if failed else 0)
