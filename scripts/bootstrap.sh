#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the Debian 12 packages srv6d's build and tests need, when missing.
# Idempotent: does nothing when everything is present. Needs root to install;
# without root it only reports what is missing (and the build goes on: tests
# that need a missing tool print SKIP).
set -euo pipefail

pkgs=(
	build-essential cmake pkg-config clang lld libclang-rt-14-dev
	libpcap-dev libbpf-dev libxdp-dev liburcu-dev libssl-dev
	python3 python3-scapy tshark tcpdump iproute2 socat curl ethtool iputils-ping
	frr # tests/net/test_frr.sh: zebra (dplane_fpm_nl) and staticd, run in a namespace
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "bootstrap: missing packages (run as root to install): ${missing[*]}" >&2
	exit 0
fi
echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer once, quietly.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
# frr's postinst starts the system's FRR daemons; the tests run their own in
# namespaces, so keep package scripts from starting services (invoke-rc.d's
# policy hook), unless the machine already has a policy of its own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
