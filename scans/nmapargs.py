"""nmap's own command line (``<nmaprun args=...>``) read the way nmap reads it.

nmap parses its argv with ``getopt_long_only``: ``-x`` and ``--x`` are the same
long option, a long option may be abbreviated to a unique prefix, ``--opt=value``
carries its value inline, and a short option that takes a value takes the rest
of its cluster (``-p22``) or the next word (``-p 22``). Every option nmap 7.x
knows that takes a value is listed below, so that no value (an ``--exclude``
list, a DNS server, a decoy, a source address) is mistaken for a target.

What comes out: the targets that are plain addresses or CIDRs, the excluded
ones, and whether that picture is exact. It is not exact when nmap read targets
or exclusions from a file (``-iL``, ``--excludefile``), picked random ones
(``-iR``), was resumed, or excluded a hostname or range. A target given as a
hostname or an octet range (``10.0.0-3.1``) is left out of the covered targets. Hosts outside the known targets are then
simply "not covered", never "gone".
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

# Long options (nmap 7.95, nmap.cc long_options[]) that take a value; both spellings (- and _) where nmap has them.
_LONG_WITH_VALUE = frozenset("""
datadir servicedb versiondb max-os-tries max_os_tries max-parallelism max_parallelism min-parallelism min_parallelism
timing max-rtt-timeout max_rtt_timeout min-rtt-timeout min_rtt_timeout initial-rtt-timeout initial_rtt_timeout
excludefile exclude exclude-ports exclude_ports max-hostgroup max_hostgroup min-hostgroup min_hostgroup scanflags
host-timeout host_timeout scan-delay scan_delay max-scan-delay max_scan_delay max-retries max_retries
oA oN oM oG oS oH oX iL iR sI source-port source_port data data-string data_string data-length data_length
stylesheet mtu spoof-mac spoof_mac ttl version-intensity version_intensity dns-servers dns_servers
port-ratio port_ratio top-ports top_ports script script-args script_args script-args-file script_args_file
script-help script_help script-timeout script_timeout ip-options ip_options min-rate min_rate max-rate max_rate
stats-every stats_every proxies proxy nsock-engine nsock_engine resume route-dst route_dst services debug-level
""".split())
# Long options without a value (or with an optional inline one: --debug[=N]); used to resolve abbreviations.
_LONG_FLAGS = frozenset("""
version verbose debug help iflist release-memory release_memory nogcc open defeat-rst-ratelimit defeat_rst_ratelimit
defeat-icmp-ratelimit defeat_icmp_ratelimit randomize-hosts randomize_hosts rH osscan-limit osscan_limit
osscan-guess osscan_guess fuzzy packet-trace packet_trace version-trace version_trace send-eth send_eth send-ip
send_ip no-stylesheet no_stylesheet webxml vv ff privileged unprivileged append-output append_output noninteractive
thc badsum traceroute reason allports version-light version_light version-all version_all system-dns system_dns
log-errors log_errors script-trace script_trace script-updatedb script_updatedb adler32 disable-arp-ping
disable_arp_ping discovery-ignore-rst discovery_ignore_rst resolve-all resolve_all unique deprecated-xml-osclass
deprecated_xml_osclass
""".split())
_LONG = {name: True for name in _LONG_WITH_VALUE} | {name: False for name in _LONG_FLAGS}
# Short options: getopt string "46Ab:D:d::e:Fg:hIi:M:m:nO::o:P::p:qRrS:s:T:Vv::".
_SHORT_REQUIRED = frozenset("bDegiMmopSsT")
_SHORT_OPTIONAL = frozenset("dOPv")  # value only inline (-d2, -PS22, -vv)
# Options whose value means the real targets or exclusions are elsewhere (a file, random draws, a resumed run).
_TARGETS_ELSEWHERE = frozenset({"iL", "iR", "resume"})
_EXCLUDES_ELSEWHERE = frozenset({"excludefile"})

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass
class NmapCommand:
    """What nmap was told to scan, read from its command line."""

    targets: list[str] = field(default_factory=list)  # canonical CIDRs
    excluded: list[str] = field(default_factory=list)  # canonical CIDRs (from --exclude)
    exact: bool = True  # False: some targets or exclusions are not known (see the module text)
    unknown: list[str] = field(default_factory=list)  # words that looked like options nmap does not have

    def covered(self) -> list[str]:
        """The targets, when the picture is exact; nothing otherwise (so no host is ever called gone by guess)."""
        return self.targets if self.exact and not self.unknown else []


def _long(name: str) -> tuple[str, bool] | None:
    """(canonical name, takes a value) for an option word without dashes and '=', None when unknown/ambiguous."""
    if name in _LONG:
        return name, _LONG[name]
    found = {n: v for n, v in _LONG.items() if n.startswith(name)}
    if found and len(set(found.values())) == 1:  # getopt accepts a prefix when all matches agree
        return min(found), next(iter(found.values()))
    return None


def _network(text: str) -> IPNetwork | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def parse_args(args: str) -> NmapCommand:
    """Read ``nmaprun/@args`` (argv joined by spaces, as nmap writes it)."""
    words = args.split()[1:]  # the first word is the program
    cmd = NmapCommand()
    targets: set[str] = set()
    excluded: set[str] = set()
    i = 0
    only_targets = False

    def value_at(j: int) -> str:
        return words[j] if j < len(words) else ""

    while i < len(words):
        word = words[i]
        i += 1
        if only_targets or not word.startswith("-") or word == "-":
            net = _network(word)
            if net is not None:  # a hostname or a range form was scanned too, but it is not counted as covered
                targets.add(str(net))
            continue
        if word == "--":
            only_targets = True
            continue
        body = word.lstrip("-")
        name, eq, inline = body.partition("=")
        option: str | None = None
        value: str | None = None
        resolved = _long(name) if (word.startswith("--") or len(name) > 1) else None
        if resolved is not None:
            option, takes = resolved
            if takes:
                value = inline if eq else value_at(i)
                i += 0 if eq else 1
        elif word.startswith("--"):
            cmd.unknown.append(word)
            continue
        else:  # a cluster of short options: -sV, -Pn, -p22, -nvv, -T 4
            for k, char in enumerate(body):
                if char in _SHORT_REQUIRED:
                    rest = body[k + 1:]
                    value = rest if rest else value_at(i)
                    i += 0 if rest else 1
                    option = char
                    break
                if char in _SHORT_OPTIONAL:
                    option = char
                    break
        if option in _TARGETS_ELSEWHERE or option in _EXCLUDES_ELSEWHERE:
            cmd.exact = False
        elif option == "exclude" and value is not None:
            for item in value.split(","):
                net = _network(item)
                if net is None:
                    cmd.exact = False  # an excluded hostname or range: which addresses it removed is not known
                else:
                    excluded.add(str(net))
    cmd.targets = sorted(targets)
    cmd.excluded = sorted(excluded)
    return cmd


def parse_port_ranges(text: str | None) -> dict[str, list[tuple[int, int]]] | None:
    """``"tcp:1-1000,8080;udp:53"`` (as the store keeps ``<scaninfo services>``) per protocol; None when unknown."""
    if not text:
        return None
    ranges: dict[str, list[tuple[int, int]]] = {}
    for part in str(text).split(";"):
        proto, _, services = part.partition(":")
        for item in services.split(","):
            low, _, high = item.partition("-")
            if low.isdigit() and (not high or high.isdigit()):
                ranges.setdefault(proto, []).append((int(low), int(high or low)))
    return ranges


def is_covered(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, targets: list[IPNetwork],
               excluded: list[IPNetwork]) -> bool:
    """Inside a target and not excluded."""
    return (any(ip.version == n.version and ip in n for n in targets)
            and not any(ip.version == n.version and ip in n for n in excluded))
