"""Synthetic nmap XML (layout copied from real nmap 7.93 output) for tests and benchmarks.

Deterministic for a given seed. Hosts live in 10.0.0.0/16 (or a base network
of your choice); each gets 2-5 TCP services with CPEs (two for OpenSSH), an
``extraports`` summary, a MAC for 60%, a PTR name for 70%, ``http-title`` plus
``http-server-header`` on HTTP ports (two scripts on one port: ndiff 7.93
crashes on that, use ``--no-scripts`` for ndiff), ``ssl-cert`` with tables,
a vulners table for 20%, ``smb-os-discovery`` as host script for 30% and an
OS match for 50%.

``--drift F`` makes the "later" scan of the same network: a fraction F of
hosts gone, as many new, ports opened and closed and versions changed.

Examples:
  python benchmarks/nmap_xml_gen.py --hosts 5000 --out /tmp/a.xml
  python benchmarks/nmap_xml_gen.py --hosts 5000 --out /tmp/b.xml --drift 0.05
"""

from __future__ import annotations

import argparse
import ipaddress
import random
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import quoteattr

START = 1_764_000_000

# (port, name, product, versions, cpe template(s), extra)
SERVICES: list[tuple[int, str, str, list[str], list[str], str]] = [
    (22, "ssh", "OpenSSH", ["7.4", "8.2p1", "8.9p1"], ["cpe:/a:openbsd:openssh:{v}", "cpe:/o:linux:linux_kernel"], ""),
    (80, "http", "Apache httpd", ["2.4.41", "2.4.52", "2.4.57"], ["cpe:/a:apache:http_server:{v}"], ""),
    (443, "http", "nginx", ["1.18.0", "1.22.1"], ["cpe:/a:igor_sysoev:nginx:{v}"], "ssl"),
    (445, "microsoft-ds", "Microsoft Windows Server 2008 R2 - 2012 microsoft-ds", [""],
     ["cpe:/o:microsoft:windows"], ""),
    (3389, "ms-wbt-server", "Microsoft Terminal Services", [""], ["cpe:/o:microsoft:windows"], ""),
    (8080, "http", "Jetty", ["9.4.31.v20200723", "9.4.44.v20210927"], ["cpe:/a:eclipse:jetty:{v}"], ""),
    (3306, "mysql", "MySQL", ["5.7.33", "8.0.32"], ["cpe:/a:mysql:mysql:{v}"], ""),
    (23, "telnet", "Linux telnetd", [""], ["cpe:/o:linux:linux_kernel"], ""),
    (9100, "jetdirect", "", [""], [], ""),
]
# the port list nmap probed: 1-1000 plus every higher port a synthetic host may have open (as nmap's top ports do)
_HIGH = sorted({port for port, *_ in SERVICES if port > 1000})
_SCANNED = ",".join(["1-1000", *map(str, _HIGH)])
VULNS = [("CVE-2023-38408", "9.8"), ("CVE-2021-41617", "7.0"), ("CVE-2020-15778", "6.8"), ("PACKETSTORM:173661", "9.8")]


def _addresses(network: ipaddress.IPv4Network, count: int, rng: random.Random) -> list[str]:
    size = network.num_addresses - 2
    if count > size:
        raise SystemExit(f"{network} has room for {size} hosts, not {count}")
    picked = sorted(rng.sample(range(1, size + 1), count))
    base = int(network.network_address)
    return [str(ipaddress.IPv4Address(base + i)) for i in picked]


def _host_profile(addr: str, seed: int) -> dict[str, object]:
    rng = random.Random(f"{seed}:{addr}")
    chosen = sorted(rng.sample(range(len(SERVICES)), rng.randint(2, 5)))
    return {
        "services": chosen,
        "versions": {i: rng.choice(SERVICES[i][3]) for i in chosen},
        "mac": rng.random() < 0.6,
        "ptr": rng.random() < 0.7,
        "vulners": rng.random() < 0.2,
        "smb": rng.random() < 0.3,
        "os": rng.random() < 0.5,
        "mac_bytes": [rng.randrange(256) for _ in range(3)],
    }


def _apply_drift(profile: dict[str, object], addr: str, seed: int, drift: float) -> None:
    rng = random.Random(f"drift:{seed}:{addr}")
    services: list[int] = list(profile["services"])  # type: ignore[call-overload]
    versions: dict[int, str] = dict(profile["versions"])  # type: ignore[call-overload]
    if rng.random() < drift and len(services) > 1:
        services.remove(rng.choice(services))
    if rng.random() < drift:
        extra = [i for i in range(len(SERVICES)) if i not in services]
        if extra:
            new = rng.choice(extra)
            services.append(new)
            versions[new] = SERVICES[new][3][0]
    if rng.random() < drift:
        i = rng.choice(services)
        options = [v for v in SERVICES[i][3] if v != versions[i]]
        if options:
            versions[i] = options[0]
    profile["services"] = sorted(services)
    profile["versions"] = versions


def _port_xml(index: int, version: str, scripts: bool, vulners: bool) -> str:
    port, name, product, _, cpes, tunnel = SERVICES[index]
    attrs = f'name="{name}"'
    if product:
        attrs += f" product={quoteattr(product)}"
    if version:
        attrs += f' version="{version}"'
    if tunnel:
        attrs += f' tunnel="{tunnel}"'
    attrs += ' method="probed" conf="10"'
    cpe_xml = "".join(f"<cpe>{c.format(v=version)}</cpe>" for c in cpes)
    out = [f'<port protocol="tcp" portid="{port}"><state state="open" reason="syn-ack" reason_ttl="64"/>'
           f"<service {attrs}>{cpe_xml}</service>"]
    if scripts and name == "http":
        out.append(f'<script id="http-title" output="Site {port}"><elem key="title">Site {port}</elem></script>')
        out.append(f'<script id="http-server-header" output="{product}"><elem>{product}</elem></script>')
    if scripts and tunnel == "ssl":
        out.append('<script id="ssl-cert" output="Subject: commonName=portal.example"><table key="subject">'
                   '<elem key="commonName">portal.example</elem></table><table key="validity">'
                   '<elem key="notAfter">2027-01-01T00:00:00</elem></table></script>')
    if scripts and vulners and port == 22:
        cpe = cpes[0].format(v=version)
        rows = "".join(
            f'<table><elem key="is_exploit">false</elem><elem key="cvss">{cvss}</elem><elem key="id">{vid}</elem>'
            f'<elem key="type">{"cve" if vid.startswith("CVE") else "packetstorm"}</elem></table>'
            for vid, cvss in VULNS
        )
        text = "&#xa;  " + cpe + ": &#xa;" + "".join(f"    \t{v}\t{c}&#xa;" for v, c in VULNS)
        out.append(f'<script id="vulners" output="{text}"><table key="{cpe}">{rows}</table></script>')
    out.append("</port>")
    return "".join(out)


def host_xml(addr: str, profile: dict[str, object], seq: int, scripts: bool = True) -> str:
    t0 = START + seq // 50
    services: list[int] = profile["services"]  # type: ignore[assignment]
    versions: dict[int, str] = profile["versions"]  # type: ignore[assignment]
    parts = [f'<host starttime="{t0}" endtime="{t0 + 12}"><status state="up" reason="arp-response" reason_ttl="0"/>',
             f'<address addr="{addr}" addrtype="ipv4"/>']
    if profile["mac"]:
        b = profile["mac_bytes"]
        parts.append(f'<address addr="00:50:56:{b[0]:02X}:{b[1]:02X}:{b[2]:02X}" addrtype="mac" vendor="VMware"/>')  # type: ignore[index]
    if profile["ptr"]:
        name = "h-" + addr.replace(".", "-") + ".primjer.local"
        parts.append(f'<hostnames><hostname name="{name}" type="PTR"/></hostnames>')
    else:
        parts.append("<hostnames/>")
    parts.append(f'<ports><extraports state="closed" count="{1000 - len(services)}"><extrareasons reason="reset" '
                 f'count="{1000 - len(services)}" proto="tcp" ports="1-21,24-79"/></extraports>')
    parts.extend(_port_xml(i, versions[i], scripts, bool(profile["vulners"])) for i in services)
    parts.append("</ports>")
    if profile["os"]:
        parts.append('<os><portused state="open" proto="tcp" portid="22"/><osmatch name="Linux 4.15 - 5.6" '
                     'accuracy="100" line="61563"><osclass type="general purpose" vendor="Linux" osfamily="Linux" '
                     'osgen="5.X" accuracy="100"><cpe>cpe:/o:linux:linux_kernel:5</cpe></osclass></osmatch></os>'
                     '<uptime seconds="123456" lastboot="Mon Nov 23 10:00:00 2026"/><distance value="1"/>'
                     '<tcpsequence index="262" difficulty="Good luck!" values="A1B2C3D4,1F2E3D4C,5A6B7C8D,9E8F7A6B,'
                     'C1D2E3F4,0A1B2C3D"/><ipidsequence class="All zeros" values="0,0,0,0,0,0"/>'
                     '<tcptssequence class="1000HZ" values="1A2B3C,1A2B4D,1A2B5E,1A2B6F,1A2B70,1A2B81"/>')
    if scripts and profile["smb"]:
        parts.append('<hostscript><script id="smb-os-discovery" output="OS: Windows Server 2012 R2">'
                     '<elem key="os">Windows Server 2012 R2</elem><elem key="fqdn">srv.primjer.local</elem>'
                     "</script></hostscript>")
    parts.append(f'<trace port="22" proto="tcp"><hop ttl="1" rtt="0.50" ipaddr="{addr}"/></trace>'
                 '<times srtt="150" rttvar="80" to="100000"/></host>\n')
    return "".join(parts)


def generate_lines(hosts: int, seed: int = 1, drift: float = 0.0, scripts: bool = True,
                   network: str = "10.0.0.0/16") -> Iterator[str]:
    net = ipaddress.IPv4Network(network)
    rng = random.Random(seed)
    addrs = _addresses(net, hosts, rng)
    if drift:
        drng = random.Random(f"gone:{seed}")
        gone = set(drng.sample(addrs, int(hosts * drift)))
        unused = sorted(set(_addresses(net, min(net.num_addresses - 2, hosts * 2), random.Random(seed + 7)))
                        - set(addrs))
        new = drng.sample(unused, min(len(unused), len(gone)))
        addrs = sorted((set(addrs) - gone) | set(new), key=lambda a: int(ipaddress.IPv4Address(a)))
    start = START + (86400 if drift else 0)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n'
    yield '<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>\n'
    args = f"nmap -sS -sV -O -oX scan.xml {net}"
    yield (f'<!-- Nmap 7.93 scan initiated as: {args} -->\n<nmaprun scanner="nmap" args="{args}" start="{start}" '
           f'startstr="synthetic" version="7.93" xmloutputversion="1.05">\n'
           f'<scaninfo type="syn" protocol="tcp" numservices="{1000 + len(_HIGH)}" services="{_SCANNED}"/>\n'
           '<verbose level="0"/>\n<debugging level="0"/>\n')
    for seq, addr in enumerate(addrs):
        profile = _host_profile(addr, seed)
        if drift:
            _apply_drift(profile, addr, seed, drift)
        yield host_xml(addr, profile, seq, scripts)
    end = start + 3600
    yield (f'<runstats><finished time="{end}" timestr="synthetic" summary="done" elapsed="3600" exit="success"/>'
           f'<hosts up="{len(addrs)}" down="{net.num_addresses - len(addrs)}" total="{net.num_addresses}"/>'
           "</runstats>\n</nmaprun>\n")


def generate(path: Path, hosts: int, seed: int = 1, drift: float = 0.0, scripts: bool = True,
             network: str = "10.0.0.0/16") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        buffer: list[str] = []
        for line in generate_lines(hosts, seed, drift, scripts, network):
            buffer.append(line)
            if len(buffer) >= 1000:
                handle.write("".join(buffer))
                buffer.clear()
        handle.write("".join(buffer))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drift", type=float, default=0.0)
    parser.add_argument("--network", default="10.0.0.0/16")
    parser.add_argument("--no-scripts", action="store_true", help="no NSE output (ndiff crashes on ports with 2+)")
    args = parser.parse_args()
    generate(args.out, args.hosts, args.seed, args.drift, not args.no_scripts, args.network)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
