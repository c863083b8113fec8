# SPDX-License-Identifier: MIT
"""Config files: `srv6d --check` and startup report FILE:LINE: message for
every bad line, exit non-zero, and apply nothing half-way (DESIGN.md §2.1)."""
import re

from srv6test import main, run_config, test

GOOD = """
# a comment line, then blank lines

interface add wan driver pcap tx /dev/null
interface add lan driver null
address add 2001:db8:1::1/64 dev wan   # trailing comment
address add 192.0.2.1/24 dev wan
neighbor add 2001:db8:1::2 lladdr 02:00:00:00:00:02 dev wan
route add 2001:db8:100::/48 via 2001:db8:1::2
route add table 10 2001:db8:200::/48 via 2001:db8:1::2 dev wan
route add 2001:db8:300::/48 dev lan
route add blackhole 2001:db8:dead::/48
route add 198.51.100.0/24 via 192.0.2.2
encap source 2001:db8:1::1
"""


@test
def check_accepts_a_valid_config():
    rc, out, err, path = run_config(GOOD)
    assert rc == 0, err
    assert out.strip().endswith(": ok") and err == ""


def errors_of(config):
    rc, out, err, path = run_config(config)
    lines = err.strip().splitlines()
    for line in lines:
        assert line.startswith(path + ":"), line
    return rc, [re.sub(r"^.*?:(\d+): ", r"\1: ", l) for l in lines]


@test
def check_reports_every_bad_line_with_its_number():
    config = (GOOD + "bogus command\n"                        # 15
              + "interface add wan driver pcap\n"             # 16 duplicate
              + "address add 2001:db8::zz/64 dev wan\n"        # 17
              + "route add 2001:db8:400::/48 via 2001:db8:9::1\n"  # 18 off-link gateway
              + "route add 2001:db8:500::/48 via 2001:db8:1::2 dev nope\n"  # 19
              + "route add 2001:db8:100::/48 via 2001:db8:1::2\n"  # 20 exists
              + "interface add x driver pcap mtu 100\n"         # 21
              + "interface add y driver warp\n"                 # 22
              + "neighbor add 2001:db8:1::3 lladdr 02:zz dev wan\n"  # 23
              + "route add 2001:db8:600::/48 via 2001:db8:1::2 metric 5\n"  # 24
              + "route add 2001:db8:700::1/48 dev wan\n"        # 25 host bits
              + "interface add z driver afpacket\n")            # 26 needs dev
    rc, errs = errors_of(config)
    assert rc != 0
    want = {
        15: "unknown command 'bogus'",
        16: "interface wan exists",
        17: "'2001:db8::zz/64' is not a prefix",
        18: "gateway is on no connected network",
        19: "no interface 'nope'",
        20: "route 2001:db8:100::/48 exists",
        21: "mtu: '100' is not a number in 1280..9216",
        22: "unknown driver 'warp'",
        23: "is not a MAC address",
        24: "unexpected word 'metric'",
        25: "has host bits set",
        26: "driver afpacket needs dev IFNAME",
    }
    got = {int(e.split(":")[0]): e for e in errs}
    assert sorted(got) == sorted(want), errs
    for n, text in want.items():
        assert text in got[n], (n, got[n])


@test
def check_accepts_a_config_with_every_behavior_and_mode():
    import os
    import subprocess
    import srv6test
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "all-behaviors.conf")
    res = subprocess.run([srv6test.SRV6D, "--check", "-c", path], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"{path}: ok"


@test
def startup_refuses_a_bad_config_with_the_same_messages():
    rc, out, err, path = run_config("interface add a driver null\nroute add ::/0 via fe80::1\n",
                                    extra_args=("--oneshot",))
    assert rc != 0
    assert f"{path}:2: " in err and "not starting" in err


@test
def missing_config_file_is_a_one_line_error():
    import subprocess
    import srv6test
    res = subprocess.run([srv6test.SRV6D, "--check", "-c", "/nonexistent/srv6d.conf"],
                         capture_output=True, text=True)
    assert res.returncode != 0
    assert res.stderr.strip() == "/nonexistent/srv6d.conf: No such file or directory"


if __name__ == "__main__":
    main()
