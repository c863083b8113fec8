# SPDX-License-Identifier: MIT
"""Operating a running srv6d (issue #5): the control socket, srv6ctl, JSON
shows, running-config round trips, dependency checks, clear counters,
packet trace and metrics, against a live srv6d (no root: null and pcap
interfaces, the socket in a temp dir).

    srv6d -c rich.conf -s tmp/a.sock ──► srv6ctl show running-config > dump.conf
    srv6d -c dump.conf -s tmp/b.sock ──► every `show` of a and b compared
"""
import json
import os
import random
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import srv6test
from srv6test import LINKTYPE_RAW, main, test, write_pcap

from scapy.all import IP, IPv6, UDP, ICMP, raw  # noqa: E402  (srv6test skips without scapy)
from scapy.layers.inet6 import IPv6ExtHdrSegmentRouting  # noqa: E402

SHOWS = ["interfaces", "routes", "sids", "policies", "neighbors", "counters", "trace",
         "running-config"]


class Live:
    """One srv6d in live mode with its socket in a temp dir."""

    def __init__(self, config, tmp=None, args=()):
        self.tmp = tmp or tempfile.mkdtemp(prefix="srv6ctl-")
        self.own_tmp = tmp is None
        self.sock = os.path.join(self.tmp, f"s{random.randrange(1 << 30)}.sock")
        self.conf = os.path.join(self.tmp, os.path.basename(self.sock) + ".conf")
        with open(self.conf, "w") as f:
            f.write(config)
        self.log = open(self.sock + ".log", "w+")
        srv6d = srv6test.SRV6D
        self.srv6ctl = os.path.join(os.path.dirname(srv6d), "srv6ctl")
        self.proc = subprocess.Popen([srv6d, "-c", self.conf, "-s", self.sock, *args],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"srv6d exited {self.proc.returncode}: {self.logtext()}")
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect(self.sock)
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("srv6d did not open its control socket")

    def logtext(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def ctl(self, *cmd, json_out=False, ok=True, stdin=None):
        args = [self.srv6ctl, "-s", self.sock] + (["--json"] if json_out else []) + list(cmd)
        res = subprocess.run(args, capture_output=True, text=True, input=stdin, timeout=30)
        if ok is True and res.returncode != 0:
            raise AssertionError(f"srv6ctl {' '.join(cmd)}: {res.returncode} {res.stderr}")
        if ok is False and res.returncode == 0:
            raise AssertionError(f"srv6ctl {' '.join(cmd)} succeeded: {res.stdout}")
        return json.loads(res.stdout) if json_out and res.returncode == 0 else res

    def show(self, what):
        return self.ctl("show", what).stdout

    def counters(self):
        return self.ctl("show", "counters", json_out=True)

    def wait(self, cond, what, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if cond():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        if self.own_tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


RICH = """
workers 2
interface add wan driver null mtu 9000 untrusted
interface add lan driver null mac 02:aa:bb:cc:dd:01
interface add l2 driver pcap linktype ethernet
interface add core driver null
encap source 2001:db8:1::1
address add 2001:db8:1::1/64 dev wan
address add 2001:db8:2::1/64 dev lan
address add 2001:db8:3::1/64 dev core
address add 192.0.2.1/24 dev wan
neighbor add 2001:db8:1::2 lladdr 02:00:00:00:00:02 dev wan
neighbor add 192.0.2.2 lladdr 02:00:00:00:00:03 dev wan
route add 2001:db8:100::/48 via 2001:db8:1::2
route add table 10 2001:db8:200::/48 via 2001:db8:1::2 dev wan
route add 2001:db8:300::/48 dev lan
route add blackhole 2001:db8:dead::/48
route add unreachable 2001:db8:beef::/48
route add 198.51.100.0/24 via 192.0.2.2
route add 2001:db8:400::/48 encap seg6 mode encap segs fc00:1::1,fc00:2::1
route add 2001:db8:401::/48 encap seg6 mode inline segs fc00:1::1
route add 203.0.113.0/24 encap seg6 mode encap.red segs fc00:1::1,fc00:2::1,fc00:3::1
route add fc00::/16 via 2001:db8:3::2
policy add blue bsid fc00:99::1 mode encap segs fc00:1::1,fc00:2::1 weight 3 segs fc00:3::1
policy add red mode encap.red src 2001:db8:1::9 segs fc00:4::1,fc00:5::1
policy add green mode insert segs fc00:6::1
policy add l2p mode l2encap segs fc00:7::1
sid add fc00:1::/48 action End flavors next-csid
sid add fc00:10::1 action End flavors psp,usd
sid add fc00:10::2 action End.X nh6 2001:db8:2::2 flavors psp
sid add fc00:10::3 action End.T table 10
sid add fc00:10::4 action End.DX6 nh6 2001:db8:2::2 oif lan
sid add fc00:10::5 action End.DX4 nh4 192.0.2.2
sid add fc00:10::6 action End.DT6 table 10
sid add fc00:10::7 action End.DT46 table 20
sid add fc00:10::8 action End.B6.Encaps.Red policy red
sid add fc00:10::9 action End.DX2 oif l2
steer add 2001:db8:500::/48 policy blue
steer add table 10 2001:db8:600::/48 policy blue
steer add 2001:db8:700::/48 policy red
steer add 10.9.0.0/16 policy red
steer add dev l2 policy l2p
"""


@test
def every_show_has_json_that_parses():
    r = Live(RICH)
    try:
        for what in SHOWS:
            doc = r.ctl("show", what, json_out=True)
            assert doc is not None, what
            text = r.show(what)
            assert text, what
        pol = {p["name"]: p for p in r.ctl("show", "policies", json_out=True)}
        assert [l["weight"] for l in pol["blue"]["lists"]] == [3, 1]
        assert pol["blue"]["steers"] == 2 and pol["blue"]["bsid"] == "fc00:99::1"
        assert all("packets" in l and "drops" in l for l in pol["blue"]["lists"])
        sids = {s["sid"]: s for s in r.ctl("show", "sids", json_out=True)}
        assert sids["fc00:99::1/128"]["binding"] is True
        assert sids["fc00:10::3/128"]["action"] == "End.T"
        routes = r.ctl("show", "routes", json_out=True)
        encap = [x for x in routes if x["prefix"] == "2001:db8:400::/48"][0]
        assert encap["type"] == "encap" and "packets" in encap
    finally:
        r.stop()


def normalized(r, what):
    """A show's text with what legitimately differs between two routers left out."""
    text = r.show(what)
    if what == "neighbors":  # hash order
        return sorted(text.splitlines())
    return text


@test
def running_config_round_trips_through_a_second_srv6d():
    a = Live(RICH)
    b = None
    try:
        # live changes on top of the file: the dump must show the state, not the file
        a.ctl("route", "add", "2001:db8:800::/48", "via", "2001:db8:2::2")
        a.ctl("route", "del", "2001:db8:300::/48")
        a.ctl("policy", "add", "blue", "mode", "encap", "segs", "fc00:8::1", "weight", "2",
              "segs", "fc00:9::1")
        a.ctl("sid", "del", "fc00:10::1")
        a.ctl("neighbor", "add", "2001:db8:2::7", "lladdr", "02:00:00:00:00:07", "dev", "lan")
        dump = a.show("running-config")
        assert "binding" not in dump and "fc00:99::1/128" not in dump  # bsid comes from the policy
        assert "connected" not in dump and "2001:db8:1::/64 dev" not in dump
        b = Live(dump, tmp=a.tmp)
        for what in ["interfaces", "routes", "sids", "policies", "neighbors",
                     "running-config"]:
            assert normalized(a, what) == normalized(b, what), \
                f"show {what} differs:\n--- a\n{a.show(what)}\n--- b\n{b.show(what)}"
    finally:
        a.stop()
        if b:
            b.stop()


@test
def running_config_round_trips_hmac_keys_read_from_files():
    # key 5 starts inline (a comment in the dump), then the same secret comes
    # from a file (0600): the dump names the file and a second srv6d loads it;
    # a refused secret-file line (0644, missing) changes nothing
    tmp = tempfile.mkdtemp(prefix="srv6ctl-")
    secret = "6b65792d66726f6d2d612d66696c65"
    key = os.path.join(tmp, "key5.hex")
    loose = os.path.join(tmp, "loose.hex")
    for path, mode in ((key, 0o600), (loose, 0o644)):
        with open(path, "w") as f:
            f.write(f"  {secret}\n")
        os.chmod(path, mode)
    a = Live(RICH + f"hmac add keyid 5 algo sha256 secret {secret}\n"
             "policy add signed segs fc00:1::1,fc00:2::1 hmac keyid 5\n", tmp=tmp)
    b = None
    try:
        assert "# hmac add keyid 5 algo sha256 secret <not shown" in a.show("running-config")
        a.ctl(stdin=f"hmac add keyid 5 algo sha256 secret-file {key}\n")
        before = {w: a.show(w) for w in ("hmac", "policies", "running-config")}
        for line in [f"hmac add keyid 5 algo sha1 secret-file {loose}",
                     f"hmac add keyid 6 algo sha256 secret-file {loose}",
                     f"hmac add keyid 6 algo sha256 secret-file {tmp}/none",
                     "hmac add keyid 6 algo sha256 secret-file key5.hex"]:
            res = a.ctl(*line.split(), ok=False)
            assert "secret-file" in res.stderr and secret not in res.stderr, res.stderr
        for w, text in before.items():
            assert a.show(w) == text, f"show {w} changed"
        dump = a.show("running-config")
        assert f"\nhmac add keyid 5 algo sha256 secret-file {key}\n" in dump, dump
        assert "policy add signed mode encap" in dump and "hmac keyid 5" in dump
        keys = a.ctl("show", "hmac", json_out=True)
        assert keys == [{"keyid": 5, "algo": "sha256", "users": 1, "secret_file": key}], keys
        shown = a.show("hmac") + a.show("security") + json.dumps(keys)
        assert f"from {key}" in shown and secret not in shown
        b = Live(dump, tmp=tmp)
        for what in ["hmac", "policies", "running-config"]:
            assert a.show(what) == b.show(what), \
                f"show {what} differs:\n--- a\n{a.show(what)}\n--- b\n{b.show(what)}"
        # back to inline: the dump is a comment again
        a.ctl(stdin=f"hmac add keyid 5 algo sha256 secret {secret}\n")
        assert "# hmac add keyid 5 algo sha256 secret <not shown" in a.show("running-config")
        assert a.ctl("show", "hmac", json_out=True)[0]["secret_file"] is None
        # a deleted key's file is forgotten with it
        a.ctl(stdin=f"hmac add keyid 9 algo sha1 secret-file {key}\nhmac del keyid 9\n"
              "hmac add keyid 9 algo sha1 secret 00ff\n")
        assert [k["secret_file"] for k in a.ctl("show", "hmac", json_out=True)] == [None, None]
    finally:
        a.stop()
        if b:
            b.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@test
def srv6ctl_exit_status_stdin_and_errors():
    r = Live("interface add a driver null\naddress add 2001:db8::1/64 dev a\n")
    try:
        res = r.ctl("route", "add", "2001:db8:9::/48", "via", "2001:db8:7::1", ok=False)
        assert res.returncode == 1 and "gateway is on no connected network" in res.stderr
        res = r.ctl(ok=None, stdin="# comment\nroute add 2001:db8:9::/48 via 2001:db8::2\n"
                    "bogus\nshow routes\n")
        assert res.returncode == 1 and "unknown command 'bogus'" in res.stderr
        assert "2001:db8:9::/48" in res.stdout
        bad = subprocess.run([r.srv6ctl, "-s", r.sock + ".nope", "show", "routes"],
                             capture_output=True, text=True)
        assert bad.returncode == 1 and "cannot reach srv6d" in bad.stderr
    finally:
        r.stop()


@test
def dependent_objects_are_checked_and_force_deletes_them():
    r = Live(RICH)
    try:
        res = r.ctl("policy", "del", "red", ok=False)
        assert "used by 2 steer(s) and 1 SID(s)" in res.stderr and "force" in res.stderr
        res = r.ctl("interface", "del", "lan", ok=False)
        assert "SID(s)" in res.stderr, res.stderr
        res = r.ctl("interface", "del", "l2", ok=False)
        assert "SID(s)" in res.stderr or "steered" in res.stderr, res.stderr
        res = r.ctl("interface", "del", "wan", ok=False)
        assert "route(s)" in res.stderr
        before = r.show("running-config")
        r.ctl("policy", "del", "red", "force")
        after = r.show("running-config")
        assert "policy add red" not in after and "fc00:10::8" not in after
        assert "2001:db8:700::/48" not in after and "10.9.0.0/16" not in after
        assert "steer add 2001:db8:500::/48 policy blue" in after  # others untouched
        assert len(before.splitlines()) - len(after.splitlines()) == 4
        routes = r.ctl("show", "routes", json_out=True)
        assert not [x for x in routes if x["prefix"] in ("2001:db8:700::/48", "10.9.0.0/16")]
    finally:
        r.stop()


@test
def a_refused_line_changes_nothing():
    r = Live(RICH)
    try:
        before = {w: r.show(w) for w in ("routes", "sids", "policies", "running-config")}
        tables_before = {x["table"] for x in r.ctl("show", "routes", json_out=True)}
        for line in [
            "route add table 77 2001:db8:900::/48 via 2001:db8:99::1",  # off-link, new table
            "route add table 78 2001:db8:900::/48 dev nope",
            "route del table 79 2001:db8:900::/48",
            "sid add fc00:20::1 action End.DT6 table 80 policy nope",
            "sid add fc00:10::2 action End.DT6 table 81",                # exists
            "sid add fc00:20::2 action End.B6.Encaps policy red",        # wrong mode
            "policy add x bsid fc00:10::3 segs fc00:1::1",               # bsid taken
            "policy add blue mode l2encap segs fc00:1::1",               # steered policy
            "steer add 2001:db8:100::/48 policy blue",                  # already routed
            "interface add wan driver null",
            "address add 2001:db8:5::1/64 dev nope",
        ]:
            r.ctl(*line.split(), ok=False)
        for w, text in before.items():
            assert r.show(w) == text, f"show {w} changed"
        r.ctl("route", "add", "table", "77", "2001:db8:900::/48", "dev", "lan")
        tables = {x["table"] for x in r.ctl("show", "routes", json_out=True)}
        assert tables == tables_before | {77}, tables
    finally:
        r.stop()


def frame(sock, line):
    """Send one request, read its framed reply: (status, body)."""
    sock.sendall(line.encode() + b"\n")
    f = sock.makefile("rb")
    head = f.readline().decode()
    status, n = head.split()
    return int(status), f.read(int(n)).decode()


@test
def garbage_and_crowds_on_the_socket_leave_srv6d_answering():
    r = Live(RICH)
    socks = []
    try:
        rnd = random.Random(5)
        # random bytes (some with newlines), NULs, a line of 200 words
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(r.sock)
            s.sendall(bytes(rnd.randrange(256) for _ in range(200000)) + b"\n")
            s.sendall(b"show\x00 routes\n" + b" ".join([b"w"] * 200) + b"\n")
            time.sleep(0.2)
        # a 1 MB line: 400 and closed, never a crash
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(r.sock)
            try:
                s.sendall(b"x" * (1 << 20))
            except OSError:
                pass  # closed while we were still sending: fine
            s.settimeout(10)
            data = b""
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except OSError:
                pass
            assert data.startswith(b"400 "), data[:40]
        # clients that connect and never read, pipelining big replies
        for _ in range(4):
            s = socket.socket(socket.AF_UNIX)
            s.connect(r.sock)
            s.setblocking(False)
            try:
                s.sendall(b"show running-config\n" * 20000)
            except BlockingIOError:
                pass
            socks.append(s)
        # 60 clients at once, all answered
        many = []
        for _ in range(55):
            s = socket.socket(socket.AF_UNIX)
            s.connect(r.sock)
            s.settimeout(10)
            many.append(s)
        for s in many:
            status, body = frame(s, "show interfaces")
            assert status == 200 and "wan" in body
        for s in many:
            s.close()
        assert r.alive(), r.logtext()
        r.ctl("route", "add", "2001:db8:a00::/48", "dev", "lan")
        assert "2001:db8:a00::/48" in r.show("routes")
        assert "refused" in r.logtext()
    finally:
        for s in socks:
            s.close()
        r.stop()


def pcap_router(tmp, pkts, extra=""):
    """Config for a pcap router wan -> lan whose input is pkts."""
    rx = os.path.join(tmp, "wan-in.pcap")
    write_pcap(rx, pkts, LINKTYPE_RAW)
    return f"""
interface add wan driver pcap rx {rx} tx {tmp}/wan-out.pcap linktype raw
interface add lan driver pcap tx {tmp}/lan-out.pcap linktype raw
address add 2001:db8:1::1/64 dev wan
address add 2001:db8:2::1/64 dev lan
encap source 2001:db8:1::1
route add fc00:7::/32 via 2001:db8:2::2
policy add P segs fc00:7::1,fc00:7::2
steer add 2001:db8:200::/48 policy P
sid add fc00:5::1 action End
{extra}
"""


def end_pkt():
    srh = IPv6ExtHdrSegmentRouting(addresses=["fc00:7::9", "fc00:5::1"], segleft=1)
    return IPv6(src="2001:db8:1::2", dst="fc00:5::1", hlim=64) / srh / \
        UDP(sport=1000, dport=2000) / (b"x" * 20)


def steered_pkt():
    return IPv6(src="2001:db8:1::2", dst="2001:db8:200::5", hlim=64) / \
        UDP(sport=1, dport=2) / (b"y" * 10)


def expiring_pkt():
    return IPv6(src="2001:db8:1::2", dst="fc00:7::3", hlim=1) / UDP(sport=1, dport=2)


@test
def clear_counters_zeroes_shows_but_not_metrics():
    tmp = tempfile.mkdtemp(prefix="srv6ctl-")
    port = 20000 + random.randrange(20000)
    pkts = [end_pkt(), end_pkt(), steered_pkt(), expiring_pkt()]
    r = Live(pcap_router(tmp, pkts), tmp=tmp, args=("--metrics", str(port)))
    try:
        r.wait(lambda: r.counters()["interfaces"][0]["rx_packets"] == 4, "4 packets in")
        sids = {s["sid"]: s for s in r.ctl("show", "sids", json_out=True)}
        assert sids["fc00:5::1/128"]["packets"] == 2
        pol = r.ctl("show", "policies", json_out=True)[0]
        assert pol["packets"] == 1 and pol["lists"][0]["packets"] == 1
        assert r.counters()["drops"]["ip6_hop_limit"] == 1
        r.ctl("clear", "counters")
        c = r.counters()
        assert c["interfaces"][0]["rx_packets"] == 0 and c["drops"]["ip6_hop_limit"] == 0
        assert r.ctl("show", "sids", json_out=True)[0]["packets"] == 0
        pol = r.ctl("show", "policies", json_out=True)[0]
        assert pol["packets"] == 0 and pol["lists"][0]["packets"] == 0
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) \
            .read().decode()
        samples = {}
        for line in text.splitlines():
            if line.startswith("#"):
                continue
            m = re.fullmatch(r'(srv6d_\w+)(\{[^}]*\})? (\d+)', line)
            assert m, f"not an exposition line: {line!r}"
            samples[m.group(1) + (m.group(2) or "")] = int(m.group(3))
        assert samples['srv6d_interface_rx_packets_total{interface="wan"}'] == 4
        assert samples['srv6d_drops_total{reason="ip6_hop_limit"}'] == 1
        assert samples['srv6d_sid_packets_total{sid="fc00:5::1/128",behavior="End"}'] == 2
        assert samples['srv6d_policy_list_packets_total{policy="P",list="0"}'] == 1
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nope", timeout=10)
            raise AssertionError("GET /nope answered 200")
        except urllib.error.HTTPError as e:
            assert e.code == 404
    finally:
        r.stop()
        shutil.rmtree(tmp, ignore_errors=True)


BSID, BSID_OUTER, BSID_INNER, FAR = "fc00:b6::1", "fc00:b6::3", "fc00:b6::2", "fc00:7::99"


def b6_pkt(bsid, sport, hlim=64, size=0):
    # IPv6(2001:db8:1::2 -> bsid, flow label sport)/SRH(FAR, bsid; SL=1)/UDP(sport)/size
    # bytes; the ports are behind the SRH, so the label tells the flows apart
    srh = IPv6ExtHdrSegmentRouting(addresses=[FAR, bsid], segleft=1, nh=17)
    return IPv6(src="2001:db8:1::2", dst=bsid, hlim=hlim, fl=sport) / srh / \
        UDP(sport=sport, dport=9) / (b"b" * size)


@test
def b6_packets_count_on_the_policy_list_they_were_pushed_with():
    # Q has two lists; each B6 packet takes one by its flow hash and leaves
    #   in:  IPv6(A -> BSID)/SRH(FAR, BSID; SL=1)/UDP(sport)
    #   out: IPv6(E -> fc00:7::1 | fc00:7::3)/SRH(1 seg)/IPv6(A -> FAR)/SRH(SL=0)/UDP(sport)
    # so the list an output names (its outer DA) counts the packet and the
    # bytes it had when it reached the BSID, and Q counts the sum.
    # Nested: BSID_OUTER pushes BIG (16 segments, 304 bytes) toward BSID_INNER,
    # whose push of INNER (96 bytes) no longer fits the 384 bytes of
    # headroom: BIG's list passed it on, INNER's list dropped it.
    tmp = tempfile.mkdtemp(prefix="srv6ctl-")
    flows = [b6_pkt(BSID, 1000 + i, size=i) for i in range(24)]
    expiring = b6_pkt(BSID, 999, hlim=1)  # End's hop limit check: no list taken
    nested = b6_pkt(BSID_OUTER, 998, size=7)
    big = ",".join([BSID_INNER] + [f"fc00:7::{0x10 + i:x}" for i in range(15)])
    extra = f"""
policy add Q segs fc00:7::1 segs fc00:7::3
sid add {BSID} action End.B6.Encaps policy Q
policy add BIG segs {big}
policy add INNER segs fc00:7::a,fc00:7::b,fc00:7::c
sid add {BSID_OUTER} action End.B6.Encaps policy BIG
sid add {BSID_INNER} action End.B6.Encaps policy INNER
"""
    pkts = flows + [expiring, nested]
    r = Live(pcap_router(tmp, pkts, extra=extra), tmp=tmp)
    try:
        r.wait(lambda: r.counters()["interfaces"][0]["rx_packets"] == len(pkts),
               f"{len(pkts)} packets in")
        pol = {p["name"]: p for p in r.ctl("show", "policies", json_out=True)}
        sids = {s["sid"]: s for s in r.ctl("show", "sids", json_out=True)}
        drops = r.counters()["drops"]
        text = r.show("policies")
    finally:
        r.stop()
    outs = srv6test.read_pcap_bytes(os.path.join(tmp, "lan-out.pcap"))
    shutil.rmtree(tmp, ignore_errors=True)
    size_of = {p[UDP].sport: len(raw(p)) for p in flows}
    want = {"fc00:7::1": [0, 0], "fc00:7::3": [0, 0]}
    for o in outs:
        outer = IPv6(o)
        inner = outer[IPv6ExtHdrSegmentRouting].payload
        assert isinstance(inner, IPv6) and inner.dst == FAR, outer.summary()
        want[outer.dst][0] += 1
        want[outer.dst][1] += size_of[inner[UDP].sport]
    assert len(outs) == len(flows) and all(n for n, _ in want.values()), want
    q = pol["Q"]
    got = {l["segs"][0]: [l["packets"], l["bytes"]] for l in q["lists"]}
    assert got == want, (got, want)
    assert [l["drops"] for l in q["lists"]] == [0, 0]
    assert (q["packets"], q["bytes"], q["drops"]) == \
        (len(flows), sum(size_of.values()), 0)
    # the SID's own counters are as before: every packet, the expiring one a drop
    sid = sids[BSID + "/128"]
    assert (sid["packets"], sid["bytes"], sid["drops"]) == \
        (len(flows), sum(size_of.values()), 1)
    # nested: BIG's list passed it on, INNER's list dropped it at the push
    assert (pol["BIG"]["lists"][0]["packets"], pol["BIG"]["lists"][0]["bytes"]) == \
        (1, len(raw(nested)))
    assert (pol["BIG"]["packets"], pol["BIG"]["drops"]) == (1, 0)
    inner_list = pol["INNER"]["lists"][0]
    assert (inner_list["packets"], inner_list["bytes"], inner_list["drops"]) == (0, 0, 1)
    assert (pol["INNER"]["packets"], pol["INNER"]["drops"]) == (0, 1)
    assert sids[BSID_INNER + "/128"]["drops"] == 1 and drops["no_headroom"] == 1
    # the text form has the same per-list numbers
    rows = [l.split() for l in text.splitlines() if l.split()[:2] == ["INNER", "0"]]
    assert rows and rows[0][2:6] == ["1", "0", "0", "1"], text


@test
def trace_shows_each_packets_path():
    tmp = tempfile.mkdtemp(prefix="srv6ctl-")
    pkts = [end_pkt(), steered_pkt(), expiring_pkt(), end_pkt()]
    r = Live(pcap_router(tmp, pkts, extra="trace add 3 interface wan"), tmp=tmp)
    try:
        r.wait(lambda: r.counters()["interfaces"][0]["rx_packets"] == 4, "4 packets in")
        doc = r.ctl("show", "trace", json_out=True)
        got = doc["packets"]
        assert len(got) == 3 and doc["pending"] == 0, doc  # N packets, not more
        end, steer, expire = got
        # End: SID lookup, behavior, then the new DA forwarded out lan
        assert end["rx"] == "wan" and end["in"]["length"] == len(raw(pkts[0]))
        steps = [(s["step"], s.get("kind") or s.get("behavior")) for s in end["steps"]]
        assert steps == [("lookup", "sid"), ("sid", "End"), ("lookup", "forward")], steps
        assert end["steps"][1]["verdict"] == "lookup6"
        assert end["steps"][2]["addr"] == "fc00:7::9"
        assert end["result"] == "tx" and end["tx"] == "lan"
        assert "fc00:7::9 hlim 63" in end["out"]["summary"] and "SRH sl 0" in end["out"]["summary"]
        # steered: policy P, its one list, encapsulated toward fc00:7::1
        kinds = [s["step"] for s in steer["steps"]]
        assert kinds == ["lookup", "policy", "lookup"], kinds
        assert steer["steps"][1]["policy"] == "P" and steer["steps"][1]["list"] == 0
        assert steer["out"]["summary"].startswith("IPv6 2001:db8:1::1 > fc00:7::1")
        # hop limit 1: Time Exceeded sent back out wan
        assert [s["step"] for s in expire["steps"]][:2] == ["lookup", "icmp_error"]
        assert expire["steps"][1]["reason"] == "ip6_hop_limit"
        assert expire["tx"] == "wan" and "ICMPv6 type 3" in expire["out"]["summary"]
        text = r.show("trace")
        assert "Packet 3" in text and "Packet 4" not in text
        assert "sid End -> lookup6" in text and "policy P mode encap" in text
        r.ctl("trace", "clear")
        assert r.ctl("show", "trace", json_out=True)["packets"] == []
    finally:
        r.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@test
def trace_of_a_dropped_packet_names_the_reason():
    tmp = tempfile.mkdtemp(prefix="srv6ctl-")
    bad = IPv6(src="2001:db8:1::2", dst="2001:db8:dead::1") / UDP()
    r = Live(pcap_router(tmp, [bad], extra="trace add 5\nroute add blackhole 2001:db8:dead::/48"),
             tmp=tmp)
    try:
        r.wait(lambda: r.ctl("show", "trace", json_out=True)["packets"], "a trace record")
        rec = r.ctl("show", "trace", json_out=True)["packets"][0]
        assert rec["result"] == "drop" and rec["drop"] == "route_blackhole"
        assert rec["steps"][0]["kind"] == "blackhole"
        assert "drop route_blackhole" in r.show("trace")
    finally:
        r.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
