"""Synthetic municipalities of any size, for benchmarks and scale tests.

``generate(n_assets, seed)`` returns a validated :class:`asset_models.models.Inventory`
with the structure of a real town hall scaled up: about one zone per 200
assets (never fewer than one zone of every kind a town hall has), /24 networks
from 10.0.0.0/8 computed arithmetically (never overlapping), zone flows with
some flat ``any`` rules, hypervisors with VMs that ``runs_on`` them,
applications that depend on a database and a domain controller, registers
(about one per 50 assets) stored on databases and used by services, links,
suppliers with remote access, all core measures, and about 10 % end-of-life
systems. The graph has about four edges per asset.

The same ``n_assets`` and ``seed`` always give the same inventory.

``dense=True`` (``--dense``) then adds several weaknesses per asset, the way a
neglected network really looks, for about 4-5 risks per asset instead of 1.5:
a third of the operating systems past their end of support, most protective
controls missing, exposed services (RDP, SMB, VNC, telnet, FTP, HTTP admin
pages), links that carry confidential registers unencrypted and often
unauthenticated, and many suppliers with remote access without MFA. It is a
separate pass with its own random stream, so the ordinary mode is unchanged.

CLI::

    python benchmarks/synth.py 10000 --seed 1 -o synth-10k.json
    python benchmarks/synth.py 10000 --seed 1 --dense -o dense-10k.yaml
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asset_models.export import inventory_data, write_inventory
from asset_models.models import Inventory
from asset_models.vocabulary import CORE_MEASURE_KEYS

#: assets per zone the generator aims at
ASSETS_PER_ZONE = 200
#: smallest inventory that can hold one of everything
MIN_ASSETS = 40
#: hosts usable in one /24
_HOSTS_PER_BLOCK = 253
#: largest number of /24 blocks in 10.0.0.0/8
_MAX_BLOCKS = 65536

_MEASURES = sorted(CORE_MEASURE_KEYS)
_MEASURE_STATES = ("yes", "partial", "no")

# (name, version, end_of_support) — supported and end-of-life choices per family
_OS_CURRENT: dict[str, tuple[str, str, str]] = {
    "winserver": ("Windows Server", "2022", "2031-10-14"),
    "windesktop": ("Windows 11 Pro", "25H2", "2027-10-12"),
    "linux": ("Ubuntu Server", "24.04", "2029-04-30"),
    "esxi": ("VMware ESXi", "8.0", "2027-10-11"),
    "firmware": ("Vendor firmware", "2025.1", "2030-12-31"),
    "sql": ("Microsoft SQL Server", "2022", "2033-01-11"),
}
_OS_EOL: dict[str, tuple[str, str, str]] = {
    "winserver": ("Windows Server", "2012 R2", "2023-10-10"),
    "windesktop": ("Windows 10 Pro", "22H2", "2025-10-14"),
    "linux": ("Ubuntu Server", "18.04", "2023-05-31"),
    "esxi": ("VMware ESXi", "6.7", "2022-10-15"),
    "firmware": ("Cisco IOS", "12.2(55)SE", "2016-07-31"),
    "sql": ("Microsoft SQL Server", "2014", "2024-07-09"),
}
#: share of systems (with an OS) that are past their end of support
EOL_SHARE = 0.10

_PARTIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Uprava prihoda i carina", ("gsb", "web_portal", "email")),
    ("Uprava za katastar i državnu imovinu", ("email", "gsb", "usb")),
    ("Ministarstvo unutrašnjih poslova — Centralni registar stanovništva", ("gsb",)),
    ("Centralni registar privrednih subjekata", ("gsb", "web_portal")),
    ("Centar za socijalni rad", ("email", "usb", "paper")),
    ("Poslovne banke", ("sftp", "web_portal")),
    ("Ministarstvo finansija — Državni trezor", ("web_portal", "api")),
    ("Uprava za inspekcijske poslove", ("email", "paper")),
    ("Državni arhiv Crne Gore", ("paper", "usb")),
    ("Turistička organizacija", ("email", "api")),
)

_REGISTER_NAMES = (
    ("Registar poreskih obveznika poreza na nepokretnosti", "Zakon o porezu na nepokretnosti"),
    ("Registar korisnika jednokratne pomoći za novorođenčad", "Zakon o socijalnoj i dječjoj zaštiti"),
    ("Registar ugostiteljskih objekata", "Zakon o turizmu i ugostiteljstvu"),
    ("Registar lokalnih javnih prihoda", "Zakon o finansiranju lokalne samouprave"),
    ("Evidencija lokalnih komunalnih taksi", "Zakon o lokalnim komunalnim taksama"),
    ("Kadrovska evidencija", "Zakon o lokalnoj samoupravi"),
    ("Registar građevinskih dozvola", "Zakon o planiranju prostora i izgradnji objekata"),
    ("Registar stambenih zajednica", "Zakon o stanovanju i održavanju stambenih zgrada"),
    ("Elektronska arhiva", "Zakon o arhivskoj djelatnosti"),
)

_SERVICE_NAMES = (
    ("Jednokratna pomoć za novorođenčad", "citizens"),
    ("Godišnje plaćanje poreza na nepokretnosti", "citizens"),
    ("Registracija ugostiteljskog objekta", "businesses"),
)

_UNITS = (
    "Služba predsjednika opštine",
    "Sekretarijat za finansije",
    "Sekretarijat za lokalnu samoupravu",
    "Sekretarijat za uređenje prostora",
    "Sekretarijat za privredu",
    "Sekretarijat za društvene djelatnosti",
    "Uprava lokalnih javnih prihoda",
    "Služba za zajedničke poslove / IT",
)

_REMOTE_METHODS = ("vpn", "teamviewer", "anydesk", "rdp", "ssh", "web")

# Share of the assets left after the fixed skeleton, per category (the rest are workstations).
_SHARES: tuple[tuple[str, float], ...] = (
    ("laptop", 0.07),
    ("printer", 0.04),
    ("phone", 0.05),
    ("camera", 0.04),
    ("iot", 0.015),
    ("switch", 0.03),
    ("wireless_ap", 0.03),
    ("hypervisor", 0.01),
    ("vm", 0.05),
    ("db", 0.02),
    ("app", 0.035),
    ("nas", 0.004),
    ("file_server", 0.004),
    ("dc", 0.001),
    ("dmz_server", 0.008),
    ("website", 0.004),
    ("cloud", 0.004),
    ("backup_server", 0.002),
    ("pbx", 0.001),
    ("nvr", 0.001),
    ("guest_iot", 0.002),
    ("firewall", 0.001),
)

# category -> (asset kind, zone kind, has an address, os family or "")
_CATEGORY: dict[str, tuple[str, str, bool, str]] = {
    "workstation": ("workstation", "internal", True, "windesktop"),
    "laptop": ("laptop", "wireless", True, "windesktop"),
    "printer": ("printer", "internal", True, "firmware"),
    "phone": ("phone", "voip", True, ""),
    "camera": ("camera", "iot", True, "firmware"),
    "iot": ("iot", "iot", True, "firmware"),
    "switch": ("switch", "management", True, "firmware"),
    "wireless_ap": ("wireless_ap", "management", True, "firmware"),
    "firewall": ("firewall", "management", True, "firmware"),
    "hypervisor": ("hypervisor", "server", True, "esxi"),
    "vm": ("server", "server", True, "winserver"),
    "db": ("database", "server", False, "sql"),
    "app": ("application", "server", False, ""),
    "nas": ("nas", "server", True, "firmware"),
    "file_server": ("server", "server", True, "winserver"),
    "dc": ("server", "server", True, "winserver"),
    "dmz_server": ("server", "dmz", True, "linux"),
    "website": ("website", "dmz", False, ""),
    "cloud": ("cloud_service", "cloud", False, ""),
    "backup_server": ("server", "backup", True, "winserver"),
    "pbx": ("server", "voip", True, "linux"),
    "nvr": ("iot", "iot", True, "firmware"),
    "guest_iot": ("iot", "guest", True, ""),
    "isp_router": ("router", "internet", False, ""),
    "gsb_central": ("cloud_service", "government_network", False, ""),
}

_PREFIX: dict[str, str] = {
    "workstation": "ws", "laptop": "lap", "printer": "prn", "phone": "tel", "camera": "cam", "iot": "iot",
    "switch": "sw", "wireless_ap": "ap", "firewall": "fw", "hypervisor": "esx", "vm": "vm", "db": "db",
    "app": "app", "nas": "nas", "file_server": "fs", "dc": "dc", "dmz_server": "web", "website": "site",
    "cloud": "cloud", "backup_server": "bkp", "pbx": "pbx", "nvr": "nvr", "guest_iot": "disp",
    "isp_router": "isp", "gsb_central": "gsb",
}

_SERVICES: dict[str, list[dict[str, Any]]] = {
    "vm": [{"port": 3389, "name": "ms-wbt-server"}, {"port": 445, "name": "microsoft-ds"}],
    "dc": [{"port": 389, "name": "ldap"}, {"port": 88, "name": "kerberos-sec"}, {"port": 445, "name": "microsoft-ds"}],
    "file_server": [{"port": 445, "name": "microsoft-ds"}],
    "hypervisor": [{"port": 443, "name": "https", "product": "VMware ESXi"}, {"port": 902, "name": "vmware-auth"}],
    "nas": [{"port": 445, "name": "microsoft-ds"}, {"port": 21, "name": "ftp"}],
    "dmz_server": [{"port": 443, "name": "https", "product": "nginx"}, {"port": 22, "name": "ssh"}],
    "switch": [{"port": 22, "name": "ssh"}, {"port": 161, "protocol": "udp", "name": "snmp"}],
    "printer": [{"port": 9100, "name": "jetdirect"}, {"port": 80, "name": "http"}],
    "camera": [{"port": 80, "name": "http"}, {"port": 554, "name": "rtsp"}],
    "pbx": [{"port": 5060, "protocol": "udp", "name": "sip"}],
    "backup_server": [{"port": 9392, "name": "veeam"}, {"port": 3389, "name": "ms-wbt-server"}],
}
_OLD_SWITCH_SERVICES = [{"port": 23, "name": "telnet"}, {"port": 161, "protocol": "udp", "name": "snmp"}]

# Controls a category may have in place (a random subset is drawn).
_CATEGORY_CONTROLS: dict[str, tuple[str, ...]] = {
    "workstation": ("antivirus", "edr", "patching.auto", "disk_encryption", "firewall.host", "app.allowlisting"),
    "laptop": ("antivirus", "edr", "patching.auto", "disk_encryption", "firewall.host", "mfa"),
    "vm": ("antivirus", "backup.daily", "backup.weekly", "patching.monthly", "logging.central", "admin.laps"),
    "dc": ("antivirus", "backup.daily", "mfa.admin", "admin.named_accounts", "logging.central"),
    "file_server": ("antivirus", "backup.daily", "backup.offline", "logging.central"),
    "hypervisor": ("raid", "ups", "patching.monthly", "monitoring"),
    "db": ("backup.daily", "backup.encrypted", "tls", "backup.offsite"),
    "app": ("tls", "mfa", "logging.central", "admin.named_accounts"),
    "nas": ("raid", "ups", "backup.offline", "backup.encrypted"),
    "dmz_server": ("tls", "waf", "firewall.host", "patching.auto"),
    "website": ("tls", "waf", "mfa.admin"),
    "firewall": ("ups", "remote_access.vpn", "logging.central", "monitoring"),
    "cloud": ("mfa", "tls", "email.filtering"),
    "backup_server": ("backup.daily", "backup.offsite", "backup.encrypted", "mfa.admin"),
}


@dataclass
class _ZonePlan:
    id: str
    kind: str
    blocks: list[int] = field(default_factory=list)
    used: int = 0


@dataclass
class _Builder:
    """Mutable state of one generation run."""

    rng: random.Random
    width: int
    next_block: int = 0
    zones: list[_ZonePlan] = field(default_factory=list)
    by_kind: dict[str, list[_ZonePlan]] = field(default_factory=dict)
    assets: list[dict[str, Any]] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)
    links: list[dict[str, Any]] = field(default_factory=list)

    # ------------------------------------------------------------ zones and addresses
    def add_zone(self, zone_id: str, kind: str) -> _ZonePlan:
        plan = _ZonePlan(zone_id, kind)
        self.zones.append(plan)
        self.by_kind.setdefault(kind, []).append(plan)
        return plan

    def address(self, zone: _ZonePlan) -> str:
        """The next free address of ``zone``; a new /24 is added when the last one is full."""
        if not zone.blocks or zone.used >= _HOSTS_PER_BLOCK:
            if self.next_block >= _MAX_BLOCKS:
                raise ValueError("the inventory needs more /24 networks than 10.0.0.0/8 holds")
            zone.blocks.append(self.next_block)
            self.next_block += 1
            zone.used = 0
        zone.used += 1
        block = zone.blocks[-1]
        return f"10.{block >> 8}.{block & 255}.{zone.used + 1}"

    # ------------------------------------------------------------ assets
    def new_id(self, category: str) -> str:
        members = self.ids.setdefault(category, [])
        asset_id = f"{_PREFIX[category]}-{len(members) + 1:0{self.width}d}"
        members.append(asset_id)
        return asset_id

    def controls(self, category: str) -> tuple[list[str], list[str]]:
        pool = _CATEGORY_CONTROLS.get(category, ())
        if not pool:
            return [], []
        in_place = [c for c in pool if self.rng.random() < 0.4]
        planned = [c for c in pool if c not in in_place and self.rng.random() < 0.3]
        return in_place, planned

    def operating_system(self, family: str) -> dict[str, str]:
        table = _OS_EOL if self.rng.random() < EOL_SHARE else _OS_CURRENT
        name, version, end = table[family]
        return {"name": name, "version": version, "end_of_support": end}

    def add_asset(self, category: str, zone: _ZonePlan, **extra: Any) -> dict[str, Any]:
        kind, _zone_kind, has_ip, family = _CATEGORY[category]
        asset_id = self.new_id(category)
        asset: dict[str, Any] = {"id": asset_id, "name": f"{category.replace('_', ' ')} {asset_id}", "kind": kind}
        asset["zone"] = zone.id
        if has_ip:
            asset["ips"] = [self.address(zone)]
            asset["hostname"] = f"{asset_id}.synth.local"
        if family:
            asset["os"] = self.operating_system(family)
        services = _SERVICES.get(category)
        if services:
            asset["services"] = services
        in_place, planned = self.controls(category)
        if in_place:
            asset["controls"] = in_place
        if planned:
            asset["planned_controls"] = planned
        asset["owner"] = _UNITS[len(self.assets) % len(_UNITS)]
        asset.update(extra)
        self.assets.append(asset)
        return asset

    def link(self, src: str, dst: str, protocol: str, port: int, encrypted: bool, carries: Sequence[str] = ()) -> None:
        item: dict[str, Any] = {
            "from": src, "to": dst, "protocol": protocol, "port": port,
            "encrypted": encrypted, "authenticated": True,
        }
        if carries:
            item["carries"] = list(carries)
        self.links.append(item)


# --------------------------------------------------------------------------- planning


def _counts(n_assets: int) -> dict[str, int]:
    """How many assets of each category (summing to ``n_assets``)."""
    counts = {"isp_router": 1, "gsb_central": 1}
    rest = n_assets - 2
    minimum = {"dc": 1, "hypervisor": 1, "vm": 2, "db": 1, "app": 1, "nas": 1, "file_server": 1, "dmz_server": 1,
               "website": 1, "cloud": 1, "backup_server": 1, "pbx": 1, "nvr": 1, "guest_iot": 1, "firewall": 1,
               "switch": 1, "wireless_ap": 1, "phone": 1, "camera": 1, "laptop": 1, "printer": 1}
    for category, share in _SHARES:
        counts[category] = max(minimum.get(category, 0), math.floor(rest * share))
    counts["workstation"] = n_assets - sum(counts.values())
    if counts["workstation"] < 1:
        raise ValueError(f"n_assets must be at least {MIN_ASSETS}")
    return counts


def _zone_kind_counts(counts: dict[str, int]) -> dict[str, int]:
    """Zones per kind: about one per ASSETS_PER_ZONE assets, one at least."""
    per_kind: dict[str, int] = {}
    for category, count in counts.items():
        zone_kind = _CATEGORY[category][1]
        per_kind[zone_kind] = per_kind.get(zone_kind, 0) + count
    external = {"internet", "government_network", "cloud"}
    return {
        kind: 1 if kind in external else max(1, round(total / ASSETS_PER_ZONE))
        for kind, total in per_kind.items()
    }


_ZONE_NAMES = {
    "internet": "internet", "government_network": "gsb", "cloud": "cloud", "dmz": "dmz", "server": "servers",
    "management": "management", "backup": "backup", "internal": "lan", "wireless": "wifi-staff",
    "guest": "wifi-guest", "voip": "voip", "iot": "iot",
}
_ZONE_ORDER = ("internet", "government_network", "cloud", "dmz", "server", "backup", "management", "internal",
               "wireless", "guest", "voip", "iot")


def _plan_zones(b: _Builder, zone_counts: dict[str, int]) -> None:
    for kind in _ZONE_ORDER:
        for index in range(zone_counts.get(kind, 0)):
            base = _ZONE_NAMES[kind]
            b.add_zone(base if index == 0 else f"{base}-{index + 1:03d}", kind)


def _spread(b: _Builder, category: str, count: int) -> list[dict[str, Any]]:
    """``count`` assets of ``category`` in contiguous runs over the zones of its kind."""
    zones = b.by_kind[_CATEGORY[category][1]]
    return [b.add_asset(category, zones[i * len(zones) // count]) for i in range(count)]


def _pick(rng: random.Random, items: Sequence[str], k: int) -> list[str]:
    """``k`` distinct items (fewer when there are fewer), in draw order."""
    return rng.sample(list(items), min(k, len(items))) if items else []


# --------------------------------------------------------------------------- sections


def _build_assets(b: _Builder, counts: dict[str, int]) -> None:
    """Every asset row, in an order that lets later rows refer to earlier ones."""
    for category in ("isp_router", "gsb_central", "cloud", "firewall", "wireless_ap", "hypervisor", "nas",
                     "guest_iot", "pbx", "nvr", "iot"):
        _spread(b, category, counts[category])
    for i, switch in enumerate(_spread(b, "switch", counts["switch"])):
        if i % 7 == 3:  # an old switch with telnet now and then
            switch["services"] = _OLD_SWITCH_SERVICES
    _build_servers(b, counts)
    _build_software(b, counts)
    _build_devices(b, counts)
    _build_endpoints(b, counts)


def _build_servers(b: _Builder, counts: dict[str, int]) -> None:
    """Domain controllers, VMs on the hypervisors, backup servers and DMZ servers."""
    hypervisors = b.ids["hypervisor"]
    for i, dc in enumerate(_spread(b, "dc", counts["dc"])):
        dc["runs_on"] = hypervisors[i % len(hypervisors)]
    dcs = b.ids["dc"]
    nas = b.ids["nas"]
    for category in ("file_server", "vm", "backup_server"):
        for i, item in enumerate(_spread(b, category, counts[category])):
            item["runs_on"] = hypervisors[(i * 7 + 3) % len(hypervisors)]
            item["depends_on"] = [dcs[i % len(dcs)]]
            if category == "backup_server":
                item["depends_on"].insert(0, nas[i % len(nas)])
    for backup_id in b.ids["backup_server"]:
        for target in _pick(b.rng, nas, 2):
            b.link(backup_id, target, "smb", 445, False)
    for i, server in enumerate(_spread(b, "dmz_server", counts["dmz_server"])):
        if i % 2 == 0:
            server["runs_on"] = hypervisors[i % len(hypervisors)]


def _build_software(b: _Builder, counts: dict[str, int]) -> None:
    """Websites on DMZ servers, databases on VMs, applications that need a database and a DC."""
    dmz_servers, vms, dcs = b.ids["dmz_server"], b.ids["vm"], b.ids["dc"]
    for i, site in enumerate(_spread(b, "website", counts["website"])):
        site["runs_on"] = dmz_servers[i % len(dmz_servers)]
    for i, db in enumerate(_spread(b, "db", counts["db"])):
        db["runs_on"] = vms[i % len(vms)]
    databases = b.ids["db"]
    for i, app in enumerate(_spread(b, "app", counts["app"])):
        db_id, dc_id = databases[i % len(databases)], dcs[i % len(dcs)]
        app["runs_on"] = vms[(i + len(databases)) % len(vms)]
        app["depends_on"] = [db_id, dc_id]
        b.link(app["id"], db_id, "tds", 1433, b.rng.random() < 0.3)
        b.link(app["id"], dc_id, "ldap", 389, b.rng.random() < 0.2)


def _build_devices(b: _Builder, counts: dict[str, int]) -> None:
    """Phones that need a PBX, cameras that stream to a recorder, printers."""
    pbx, nvr = b.ids["pbx"], b.ids["nvr"]
    for i, phone in enumerate(_spread(b, "phone", counts["phone"])):
        phone["depends_on"] = [pbx[i % len(pbx)]]
    for i, camera in enumerate(_spread(b, "camera", counts["camera"])):
        camera["depends_on"] = [nvr[i % len(nvr)]]
        b.link(camera["id"], nvr[i % len(nvr)], "rtsp", 554, False)
    _spread(b, "printer", counts["printer"])


def _build_endpoints(b: _Builder, counts: dict[str, int]) -> None:
    """Workstations and laptops: log on to a DC, use a file server, a printer and sometimes an application."""
    dcs, file_servers, printers, apps = b.ids["dc"], b.ids["file_server"], b.ids["printer"], b.ids["app"]
    for category in ("workstation", "laptop"):
        for i, endpoint in enumerate(_spread(b, category, counts[category])):
            endpoint["depends_on"] = [dcs[i % len(dcs)]]
            b.link(endpoint["id"], file_servers[i % len(file_servers)], "smb", 445, False)
            if i % 3 != 2:
                b.link(endpoint["id"], printers[i % len(printers)], "jetdirect", 9100, False)
            if i % 4 == 0:
                b.link(endpoint["id"], apps[i % len(apps)], "https", 443, True)


def _build_data(b: _Builder, n_assets: int) -> list[dict[str, Any]]:
    rng = b.rng
    databases = b.ids["db"]
    file_servers = b.ids["file_server"]
    nas = b.ids["nas"]
    count = max(3, n_assets // 50)
    width = len(str(count))
    items: list[dict[str, Any]] = []
    levels = ("normal", "high", "very_high")
    for i in range(count):
        name, law = _REGISTER_NAMES[i % len(_REGISTER_NAMES)]
        stored = [databases[i % len(databases)]]
        if rng.random() < 0.3:
            stored.append(file_servers[i % len(file_servers)])
        roll = rng.random()
        backup = [] if roll < 0.2 else [nas[i % len(nas)]]
        if roll > 0.8:
            backup.append(b.ids["backup_server"][i % len(b.ids["backup_server"])])
        exchanges = []
        for party, channels in [_PARTIES[j] for j in sorted(rng.sample(range(len(_PARTIES)), rng.randint(0, 3)))]:
            direction = rng.choice(("provide", "consume", "both"))
            exchanges.append({"with": party, "via": rng.choice(channels), "direction": direction})
        personal = rng.random() < 0.7
        item: dict[str, Any] = {
            "id": f"reg-{i + 1:0{width}d}",
            "name": f"{name} {i + 1}",
            "kind": "register",
            "personal_data": personal,
            "special_categories": personal and rng.random() < 0.15,
            "classification": rng.choice(("internal", "confidential", "confidential", "public")),
            "needs": {p: rng.choice(levels) for p in ("confidentiality", "integrity", "availability")},
            "legal_basis": law,
            "owner": _UNITS[i % len(_UNITS)],
            "records": rng.randint(100, 100_000),
            "stored_on": stored,
            "backup_on": backup,
            "exchanges": exchanges,
        }
        items.append(item)
    return items


def _build_services(b: _Builder, data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rng = b.rng
    apps = b.ids["app"]
    app_of_db: dict[str, str] = {}
    for asset in b.assets:
        if asset["kind"] == "application":
            app_of_db.setdefault(asset["depends_on"][0], asset["id"])
    count = max(3, len(data) // 2)
    width = len(str(count))
    services: list[dict[str, Any]] = []
    for i in range(count):
        used = [data[(i * 2 + k) % len(data)] for k in range(1 + i % 3)]
        uses = list(dict.fromkeys(item["id"] for item in used))
        runs_on = [app_of_db.get(item["stored_on"][0], apps[i % len(apps)]) for item in used]
        name, audience = _SERVICE_NAMES[i] if i < len(_SERVICE_NAMES) else (f"Usluga {i + 1}", "internal")
        services.append({
            "id": f"svc-{i + 1:0{width}d}",
            "name": name,
            "audience": audience if i < len(_SERVICE_NAMES) else rng.choice(("citizens", "businesses", "internal")),
            "uses": uses,
            "runs_on": list(dict.fromkeys(runs_on)),
            "rto_hours": rng.choice((4, 8, 24, 48, 72)),
            "rpo_hours": rng.choice((1, 4, 24, 48)),
            "owner": _UNITS[i % len(_UNITS)],
        })
    # apps carry the data of their database over the tds link
    stored_by_db: dict[str, list[str]] = {}
    for item in data:
        stored_by_db.setdefault(item["stored_on"][0], []).append(item["id"])
    for link in b.links:
        if link["protocol"] == "tds" and link["to"] in stored_by_db:
            link["carries"] = stored_by_db[link["to"]][:3]
    return services


def _build_suppliers(b: _Builder, n_assets: int) -> list[dict[str, Any]]:
    rng = b.rng
    targets = b.ids["vm"] + b.ids["dmz_server"] + b.ids["nvr"]
    count = max(3, n_assets // 500)
    width = len(str(count))
    suppliers = []
    for i in range(count):
        method = _REMOTE_METHODS[i % len(_REMOTE_METHODS)]
        supplier: dict[str, Any] = {
            "id": f"sup-{i + 1:0{width}d}",
            "name": f"Dobavljač {i + 1} d.o.o.",
            "provides": "Application maintenance",
            "contract_security_clauses": rng.random() < 0.3,
        }
        if i % 4 != 3:
            supplier["remote_access"] = {
                "to": sorted(_pick(rng, targets, rng.randint(1, 3))),
                "method": method,
                "mfa": method == "vpn" and rng.random() < 0.6,
                "always_on": rng.random() < 0.4,
            }
        suppliers.append(supplier)
    return suppliers


def _flow(src: str, dst: str, ports: str | list[str]) -> dict[str, Any]:
    return {"from": src, "to": dst, "ports": ports}


def _build_flows(b: _Builder) -> list[dict[str, Any]]:
    rng = b.rng
    zones = {kind: [z.id for z in plans] for kind, plans in b.by_kind.items()}
    internet, gsb, cloud = zones["internet"][0], zones["government_network"][0], zones["cloud"][0]
    servers, users = zones["server"], zones["internal"]
    flows = [_flow(internet, servers[0], ["tcp/3389"])]  # the forgotten published RDP

    def server_of(i: int) -> str:
        return servers[i % len(servers)]

    for i, zone in enumerate(zones["dmz"]):
        flows += [_flow(internet, zone, ["tcp/443", "tcp/80"]), _flow(zone, server_of(i), ["tcp/443", "tcp/1433"])]
    for i, zone in enumerate(servers):
        flows += [_flow(zone, gsb, ["tcp/443"]), _flow(zone, cloud, ["tcp/443"]),
                  _flow(zone, internet, ["tcp/443", "udp/53"])]
        flows.append(_flow(zone, zones["backup"][i % len(zones["backup"])], "any"))
    for i, zone in enumerate(zones["backup"]):
        flows.append(_flow(zone, server_of(i), "any"))
    for i, zone in enumerate(users):
        flat = i == 0 or rng.random() < 0.3
        flows += [_flow(zone, server_of(i), "any" if flat else ["tcp/445", "tcp/443", "tcp/1433"]),
                  _flow(zone, internet, "any"), _flow(zone, zones["dmz"][i % len(zones["dmz"])], ["tcp/443"])]
        if i % len(servers) != (i + 1) % len(servers):
            flows.append(_flow(zone, server_of(i + 1), ["tcp/445", "tcp/443"]))
    for i, zone in enumerate(zones["management"]):
        flows += [_flow(users[i % len(users)], zone, ["tcp/22", "tcp/443", "tcp/23"]), _flow(zone, server_of(i), "any")]
    for i, zone in enumerate(zones["wireless"]):
        flows += [_flow(zone, internet, "any"), _flow(zone, server_of(i), ["tcp/443", "tcp/445", "tcp/3389"]),
                  _flow(zone, users[i % len(users)], "any")]
    for i, zone in enumerate(zones["guest"]):
        flows.append(_flow(zone, internet, "any"))
        if i % 5 == 0:
            flows.append(_flow(zone, users[i % len(users)], ["tcp/445"]))
    for zone in zones["voip"]:
        flows.append(_flow(zone, internet, ["udp/5060", "udp/10000-20000"]))
    for zone in zones["iot"]:
        flows.append(_flow(zone, internet, "any"))
    return flows


def _zones_section(b: _Builder) -> list[dict[str, Any]]:
    out = []
    for zone in b.zones:
        item: dict[str, Any] = {"id": zone.id, "kind": zone.kind}
        if zone.blocks:
            item["cidrs"] = [f"10.{k >> 8}.{k & 255}.0/24" for k in zone.blocks]
        out.append(item)
    return out


# --------------------------------------------------------------------------- dense mode

#: services a neglected host of a category exposes, with the chance of each (dense mode)
_DENSE_SERVICES: dict[str, tuple[tuple[float, dict[str, Any]], ...]] = {
    "workstation": ((0.45, {"port": 3389, "name": "ms-wbt-server"}), (0.5, {"port": 445, "name": "microsoft-ds"}),
                    (0.15, {"port": 5900, "name": "vnc"}), (0.05, {"port": 21, "name": "ftp"})),
    "laptop": ((0.3, {"port": 3389, "name": "ms-wbt-server"}), (0.3, {"port": 445, "name": "microsoft-ds"})),
    "printer": ((0.4, {"port": 23, "name": "telnet"}), (0.3, {"port": 21, "name": "ftp"})),
    "camera": ((0.5, {"port": 23, "name": "telnet"}),),
    "switch": ((0.5, {"port": 23, "name": "telnet"}), (0.4, {"port": 80, "name": "http"})),
    "wireless_ap": ((0.4, {"port": 23, "name": "telnet"}), (0.5, {"port": 80, "name": "http"})),
    "vm": ((0.3, {"port": 5985, "name": "wsman"}), (0.2, {"port": 21, "name": "ftp"})),
    "dmz_server": ((0.4, {"port": 21, "name": "ftp"}), (0.3, {"port": 3306, "name": "mysql"})),
}
#: chance that a control the ordinary mode put in place is missing in dense mode
_DENSE_DROP_CONTROL = 0.75
#: share of systems (with an OS) past their end of support in dense mode
_DENSE_EOL_SHARE = 0.33


def _category_of(asset: dict[str, Any]) -> str:
    prefix = str(asset["id"]).rsplit("-", 1)[0]
    return next(c for c, p in _PREFIX.items() if p == prefix)


def _densify(inventory: dict[str, Any], seed: int) -> None:
    """Add the weaknesses of a neglected network (see the module docstring), deterministically for ``seed``."""
    rng = random.Random(f"dense-{seed}")
    assets = inventory["assets"]
    confidential = [d["id"] for d in inventory["data"] if d["classification"] == "confidential"]
    for asset in assets:
        category = _category_of(asset)
        family = _CATEGORY[category][3]
        if family and rng.random() < _DENSE_EOL_SHARE:
            name, version, end = _OS_EOL[family]
            asset["os"] = {"name": name, "version": version, "end_of_support": end}
        kept = [c for c in asset.get("controls", []) if rng.random() >= _DENSE_DROP_CONTROL]
        if kept:
            asset["controls"] = kept
        else:
            asset.pop("controls", None)
        extra = [dict(s) for chance, s in _DENSE_SERVICES.get(category, ()) if rng.random() < chance]
        if extra:
            ports = {(s["port"], s.get("protocol", "tcp")) for s in asset.get("services", [])}
            asset["services"] = [*asset.get("services", []),
                                 *(s for s in extra if (s["port"], s.get("protocol", "tcp")) not in ports)]
    databases = sorted(a["id"] for a in assets if _category_of(a) == "db")
    for index, asset in enumerate(a for a in assets if _category_of(a) in ("workstation", "laptop")):
        if rng.random() < 0.9:  # the old thick client that talks to SQL Server directly
            item = {"from": asset["id"], "to": databases[index % len(databases)], "protocol": "tds", "port": 1433,
                    "encrypted": False, "authenticated": True}
            if confidential:
                item["carries"] = [confidential[rng.randrange(len(confidential))]]
            inventory["links"].append(item)
    for link in inventory["links"]:
        if link["protocol"] in ("https", "ldap") and rng.random() < 0.5:
            link["encrypted"] = False
        if rng.random() < 0.5:
            link["authenticated"] = False
        if confidential and "carries" not in link and rng.random() < 0.8:
            link["carries"] = [confidential[rng.randrange(len(confidential))]]
    targets = sorted(a["id"] for a in assets if _category_of(a) in ("vm", "dmz_server", "nvr", "file_server", "db"))
    count = max(6, len(assets) // 150)
    width = len(str(count))
    suppliers = []
    for i in range(count):
        method = _REMOTE_METHODS[rng.randrange(len(_REMOTE_METHODS))]
        suppliers.append({
            "id": f"sup-{i + 1:0{width}d}",
            "name": f"Dobavljač {i + 1} d.o.o.",
            "provides": rng.choice(("Application maintenance", "Hardware service", "Hosting", "Video surveillance")),
            "contract_security_clauses": rng.random() < 0.2,
            "remote_access": {
                "to": sorted(_pick(rng, targets, rng.randint(1, 4))),
                "method": method,
                "mfa": rng.random() < 0.15,
                "always_on": rng.random() < 0.6,
            },
        })
    inventory["suppliers"] = suppliers
    inventory["measures"] = {key: "no" if rng.random() < 0.6 else "partial" for key in _MEASURES}


# --------------------------------------------------------------------------- entry points


def generate_data(n_assets: int, seed: int = 0, dense: bool = False) -> dict[str, Any]:
    """The synthetic inventory as plain data (what a user would write in YAML/JSON)."""
    if n_assets < MIN_ASSETS:
        raise ValueError(f"n_assets must be at least {MIN_ASSETS} (got {n_assets})")
    rng = random.Random(seed)
    counts = _counts(n_assets)
    b = _Builder(rng=rng, width=max(4, len(str(n_assets))))
    _plan_zones(b, _zone_kind_counts(counts))
    _build_assets(b, counts)
    data = _build_data(b, n_assets)
    services = _build_services(b, data)
    suppliers = _build_suppliers(b, n_assets)
    flows = _build_flows(b)
    inventory = {
        "version": 1,
        "municipality": {
            "name": f"Opština Sintetika {n_assets}",
            "code": f"SYNTH{n_assets}",
            "country": "ME",
            "entity_class": "important",
            "employees": max(10, n_assets // 3),
            "it_staff": max(1, n_assets // 2000),
            "units": list(_UNITS),
            "security_officer": {"name": "Sintetički Službenik", "email": "bezbjednost@sintetika.example"},
            "head": {"title": "Predsjednik opštine", "name": "Sintetički Predsjednik"},
        },
        "zones": _zones_section(b),
        "zone_flows": flows,
        "assets": b.assets,
        "data": data,
        "services": services,
        "links": b.links,
        "suppliers": suppliers,
        "measures": {key: rng.choice(_MEASURE_STATES) for key in _MEASURES},
    }
    if dense:
        _densify(inventory, seed)
    return inventory


def generate(n_assets: int, seed: int = 0, dense: bool = False) -> Inventory:
    """A synthetic municipality with exactly ``n_assets`` asset rows, deterministic for ``seed`` (and ``dense``)."""
    return Inventory.model_validate(generate_data(n_assets, seed, dense))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic municipality inventory.")
    parser.add_argument("n_assets", type=int, help=f"number of asset rows (at least {MIN_ASSETS})")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same inventory)")
    parser.add_argument("-o", "--output", type=Path, help="write .yaml, .json or .xlsx (default: JSON to stdout)")
    parser.add_argument("--dense", action="store_true", help="several weaknesses per asset (about 4-5 risks each)")
    args = parser.parse_args(argv)
    if args.n_assets < MIN_ASSETS:
        parser.error(f"n_assets must be at least {MIN_ASSETS}")
    start = time.perf_counter()
    inventory = generate(args.n_assets, args.seed, args.dense)
    elapsed = time.perf_counter() - start
    if args.output is None:
        sys.stdout.write(json.dumps(inventory_data(inventory), ensure_ascii=False, indent=1) + "\n")
    else:
        write_inventory(inventory, args.output)
        print(f"wrote {args.output}", file=sys.stderr)
    print(
        f"{len(inventory.assets)} assets, {len(inventory.zones)} zones, {len(inventory.zone_flows)} zone flows, "
        f"{len(inventory.data)} data, {len(inventory.services)} services, {len(inventory.links)} links, "
        f"{len(inventory.suppliers)} suppliers; generated in {elapsed:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
