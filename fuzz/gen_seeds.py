#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write the seed corpora of fuzz_pipeline, fuzz_config and fuzz_ctlproto.

Two sources:
  1. the conformance tests themselves: each test file is imported with
     srv6test.oneshot/run_config replaced by a recorder, and every test is
     run up to its first srv6d call, which records the config and the input
     packets it was about to send (no srv6d needed);
  2. packets built here for fuzz_pipeline's own config (its SIDs, policies,
     keys and interfaces: fuzz/fuzz_pipeline.c), signed ones included.

    fuzz/corpus/fuzz_pipeline/*.bin   edge byte | icmp byte | (meta | len LE | bytes)*
    fuzz/corpus/fuzz_config/*.conf    config text (pcap interfaces -> null)
    fuzz/corpus/fuzz_ctlproto/*.bin   2 bytes (clients, chunk) | config text

Inputs are capped at 4096 bytes (scripts/run-fuzzers.sh -max_len), a
conformance run's packets at 1 KiB (its first packets reach its paths). Run with
/usr/bin/python3 (scapy) from anywhere; rerun after changing tests.
"""
import glob
import hashlib
import hmac as pyhmac
import importlib
import ipaddress
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONF_DIR = os.path.join(ROOT, "tests", "conformance")
MAX = 4096

sys.path.insert(0, CONF_DIR)
import srv6test  # noqa: E402
from scapy.all import (ARP, Ether, ICMPv6EchoRequest, ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr, IP,  # noqa: E402
                       IPv6, IPv6ExtHdrFragment, Raw, UDP, raw)

# fuzz_pipeline's interfaces: index, Ethernet?
WAN, CORE, LAN, L2IN = 0, 1, 2, 3


class Recorded(Exception):
    pass


RECORDS = []  # (config text, {iface: [packets]}, linktype)


def record_oneshot(config, inputs, linktype=srv6test.LINKTYPE_RAW, tshark_allow=()):
    r = srv6test.Router(config, inputs, linktype, tshark_allow)
    RECORDS.append((r.config, inputs, linktype))
    r.cleanup()
    raise Recorded()


def record_run_config(config, extra_args=("--check",)):
    RECORDS.append((config, {}, srv6test.LINKTYPE_RAW))
    raise Recorded()


def collect_conformance():
    srv6test.oneshot = record_oneshot
    srv6test.run_config = record_run_config
    for path in sorted(glob.glob(os.path.join(CONF_DIR, "test_*.py"))):
        name = os.path.basename(path)[:-3]
        srv6test.TESTS.clear()
        mod = importlib.import_module(name)
        mod.oneshot = record_oneshot  # `from srv6test import oneshot`
        if hasattr(mod, "run_config"):
            mod.run_config = record_run_config
        for fn in list(srv6test.TESTS):
            try:
                fn()
            except Recorded:
                pass
            except Exception:  # a test that needs srv6d before its first run
                pass


def null_config(text):
    """Pcap interfaces (temp files) become null ones, so --check accepts them."""
    text = re.sub(r"driver pcap( (rx|tx) \S+)*", "driver null", text)
    return "\n".join(l for l in text.splitlines() if l.strip()) + "\n"


def frame(meta, b):
    b = bytes(b)
    return bytes([meta, len(b) & 0xFF, len(b) >> 8]) + b


def pipeline_input(edge, icmp, items, cap=MAX):
    out = bytes([edge, icmp])
    for meta, b in items:
        f = frame(meta, b)
        if len(out) + len(f) > cap:
            break
        out += f
    return out


def write(dirname, name, data):
    d = os.path.join(HERE, "corpus", dirname)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def a16(s):
    return ipaddress.IPv6Address(s).packed


def srh(seglist, sl, nh, flags=0, tlvs=b""):
    body = b"".join(a16(s) for s in seglist) + tlvs
    return bytes([nh, (8 + len(body)) // 8 - 1, 4, sl, len(seglist) - 1, flags, 0, 0]) + body


def signed_srh(src, seglist, sl, nh, key=b"secret-key", keyid=7):
    text = a16(src) + bytes([len(seglist) - 1, 0x08]) + keyid.to_bytes(4, "big") + b"".join(
        a16(s) for s in seglist)
    tag = pyhmac.new(key, text, hashlib.sha256).digest()
    tlv = bytes([5, 38, 0, 0]) + keyid.to_bytes(4, "big") + tag
    return srh(seglist, sl, nh, 0x08, tlv)


def own_seeds():
    """Packets for fuzz_pipeline's config: every SID, policy and neighbor path."""
    A, C = "2001:db8:1::10", "2001:db8:2::9"
    udp = raw(UDP(sport=1, dport=2) / b"payload")
    inner6 = raw(IPv6(src=A, dst="2001:db8:100::5") / UDP(sport=3, dport=4) / b"in")
    inner4 = raw(IP(src="192.0.2.10", dst="203.0.113.5") / UDP(sport=3, dport=4) / b"in4")
    eth = Ether(src="02:00:00:00:00:22", dst="02:00:00:00:00:02")
    seeds = {}
    sids = ["fc00:e::1", "fc00:e::2", "fc00:e::3", "fc00:e::4", "fc00:e::d6", "fc00:e::d4",
            "fc00:e::d2", "fc00:e::76", "fc00:e::74", "fc00:e::46", "fc00:e::b6", "fc00:e::b7",
            "fc00:e::b2", "fc00:e::b4", "fc00:0:100:200:300::", "fc00:0:102:100::",
            "fc00:0:200::"]
    for i, sid in enumerate(sids):
        nh = 4 if sid.endswith(("d4", "74")) else 143 if sid.endswith("d2") else 41
        payload = inner4 if nh == 4 else raw(eth / IPv6()) if nh == 143 else inner6
        plain = IPv6(src=C, dst=sid, nh=43) / Raw(srh(["2001:db8:100::5", sid], 1, 17) + udp)
        last = IPv6(src=C, dst=sid, nh=43) / Raw(srh([sid], 0, nh) + payload)
        signed = IPv6(src=A, dst=sid, nh=43) / Raw(signed_srh(A, ["2001:db8:100::5", sid], 1,
                                                              17) + udp)
        seeds[f"sid{i}"] = pipeline_input(0x25, 0x55, [
            (CORE, eth / plain), (CORE | 4, eth / last), (WAN, signed), (WAN, last)])
    steer = [IPv6(src=A, dst=f"2001:db8:20{k}::5") / UDP(sport=5, dport=6) / b"s"
             for k in range(6)]
    seeds["steer"] = pipeline_input(0, 0x11, [(WAN, p) for p in steer] +
                                    [(WAN, IP(src="192.0.2.10", dst="10.1.2.3") / UDP()),
                                     (WAN, IP(src="192.0.2.10", dst="198.51.100.200") / UDP())])
    seeds["l2in"] = pipeline_input(0, 0, [(L2IN, Ether() / IPv6() / UDP()), (L2IN, Ether())])
    ns = (Ether(src="02:00:00:00:00:99", dst="33:33:ff:00:00:01") /
          IPv6(src="2001:db8:2::9", dst="ff02::1:ff00:1", hlim=255) /
          ICMPv6ND_NS(tgt="2001:db8:2::1") / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:99"))
    arp = Ether(src="02:00:00:00:00:98", dst="ff:ff:ff:ff:ff:ff") / ARP(
        op=1, hwsrc="02:00:00:00:00:98", psrc="198.51.100.9", pdst="198.51.100.1")
    seeds["neigh"] = pipeline_input(0, 0, [
        (WAN, IPv6(src=A, dst="2001:db8:101::1") / UDP()), (CORE, ns), (CORE, arp),
        (WAN | 8, IPv6(src=A, dst="2001:db8:101::2") / UDP())])
    seeds["errors"] = pipeline_input(0x01, 0xff, [
        (WAN, IPv6(src=A, dst="2001:db8:100::5", hlim=1) / UDP()),
        (WAN, IPv6(src=A, dst="2001:db8:1:2::1") / UDP()),
        (WAN, IPv6(src=A, dst="2001:db8:1::1") / ICMPv6EchoRequest()),
        (WAN, IP(src="192.0.2.10", dst="192.0.2.1") / UDP()),
        (LAN, IPv6(src="2001:db8:3::5", dst="2001:db8:200::9") / Raw(b"x" * 1400)),
        (WAN, IPv6(src=A, dst="fc00:e::1", nh=44) / IPv6ExtHdrFragment(nh=43) /
         Raw(srh(["2001:db8:100::5", "fc00:e::1"], 1, 17) + udp))])
    return seeds


def main():
    collect_conformance()
    configs = {}
    for config, inputs, linktype in RECORDS:
        text = null_config(config)
        configs[hashlib.sha1(text.encode()).hexdigest()[:12]] = text
        items = []
        for name, pkts in inputs.items():
            lt = linktype.get(name, srv6test.LINKTYPE_RAW) if isinstance(linktype, dict) \
                else linktype
            iface = CORE if lt == srv6test.LINKTYPE_ETHERNET else WAN
            items += [(iface, p if isinstance(p, (bytes, bytearray)) else raw(p))
                      for p in pkts]
        if items:  # the first packets of a run: enough to reach its paths
            data = pipeline_input(0, 0, items, cap=1024)
            write("fuzz_pipeline", "conf-" + hashlib.sha1(data).hexdigest()[:12] + ".bin",
                  data)
    for key, data in own_seeds().items():
        write("fuzz_pipeline", f"own-{key}.bin", data)
    all_behaviors = open(os.path.join(CONF_DIR, "all-behaviors.conf")).read()
    configs["all-behaviors"] = all_behaviors
    for i, (key, text) in enumerate(sorted(configs.items())):
        b = text.encode()[:MAX]
        write("fuzz_config", f"{key}.conf", b)
        if i % 4 == 0 or key == "all-behaviors":  # the framing needs fewer
            write("fuzz_ctlproto", f"{key}.bin",
                  bytes([len(b) % 3, len(b) % 61]) + b[:MAX - 2])
    print(f"{len(RECORDS)} conformance runs recorded, {len(configs)} configs")


if __name__ == "__main__":
    main()
