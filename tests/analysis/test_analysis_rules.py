"""Every weakness rule has a positive and a negative case (a near miss); a meta-test enforces it.

Each case mutates the clean municipality of ``analysis_helpers``: the positive
case must make the rule fire on the named subject, the negative case is the
same situation with the one thing fixed, and the rule must stay silent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
import yaml
from analysis_helpers import AS_OF, add_asset, asset, clean_inventory, fired, run

from scans.snapshot import CveObservation, HostObservation, PortObservation, ScanSnapshot
from threat_catalog.loader import load_catalog

D = dict[str, Any]
Case = tuple[str, Callable[[D], ScanSnapshot | None]]  # subject id, mutation (returns a scan or None)

EOL = {"name": "Windows Server", "version": "2012 R2", "end_of_support": "2023-10-10"}
SUPPORTED = {"name": "Windows Server", "version": "2022", "end_of_support": "2031-10-14"}


def _flow(d: D, src: str, dst: str, ports: Any) -> None:
    d["zone_flows"].append({"from": src, "to": dst, "ports": ports})


def _zone(d: D, zone_id: str, kind: str) -> None:
    d["zones"].append({"id": zone_id, "kind": kind})


def _drop(d: D, asset_id: str, *controls: str) -> None:
    item = asset(d, asset_id)
    item["controls"] = [c for c in item["controls"] if c not in controls]


def _data(d: D, **fields: Any) -> D:
    item = {
        "id": "d1",
        "name": "Register",
        "kind": "register",
        "owner": "Sekretarijat",
        "stored_on": ["srv1"],
        **fields,
    }
    d.setdefault("data", []).append(item)
    return item


def _snapshot(*hosts: HostObservation) -> ScanSnapshot:
    return ScanSnapshot(scan_id=1, complete=True, scope=["10.0.2.0/24"], hosts=list(hosts))


def _host(ip: str, *ports: PortObservation) -> HostObservation:
    return HostObservation(addresses=[ip], ports=list(ports))


def _port(port: int, cves: list[CveObservation] | None = None) -> PortObservation:
    return PortObservation(port=port, protocol="tcp", state="open", cves=cves or [])


def _m(fn: Callable[[D], None]) -> Callable[[D], ScanSnapshot | None]:
    def wrapped(d: D) -> ScanSnapshot | None:
        fn(d)
        return None

    return wrapped


# --------------------------------------------------------------------------- mutations


def _eol_os(eos: D) -> Callable[[D], None]:
    def f(d: D) -> None:
        asset(d, "srv1")["os"] = eos

    return f


def _firmware(eos: D) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="sw1", kind="switch", zone="lan", os={**eos, "name": "IOS"})

    return f


def _hypervisor(eos: D) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="hv1", kind="hypervisor", zone="srv", os={**eos, "name": "ESXi"}, controls=["patching.monthly"])
        add_asset(d, id="vm1", kind="server", zone="srv", runs_on="hv1", controls=["antivirus", "patching.auto"])

    return f


def _internet_port(port: int, allowed: str) -> Callable[[D], None]:
    def f(d: D) -> None:
        asset(d, "srv1")["services"] = [{"port": 443}, {"port": port}]
        _flow(d, "internet", "srv", [allowed])

    return f


def _appliance(kind: str, port: int, src: str, dst_zone: str, allowed: str) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="dev1", kind=kind, zone=dst_zone, services=[{"port": port}], controls=["patching.monthly"])
        _flow(d, src, dst_zone, [allowed])

    return f


def _guest(to_zone: str, ports: Any) -> Callable[[D], None]:
    def f(d: D) -> None:
        _zone(d, "guest", "guest")
        _flow(d, "guest", to_zone, ports)

    return f


def _web(controls: list[str]) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="web1", kind="server", zone="dmz", services=[{"port": 443}], controls=controls)
        _flow(d, "internet", "dmz", ["tcp/443"])

    return f


def _camera(egress: Any, inbound: Any) -> Callable[[D], None]:
    def f(d: D) -> None:
        _zone(d, "iot", "iot")
        add_asset(d, id="cam1", kind="camera", zone="iot", services=[{"port": 8000}])
        if egress:
            _flow(d, "iot", "internet", egress)
        if inbound:
            _flow(d, "internet", "iot", inbound)

    return f


def _no_offline(offline: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        _data(d, needs={"integrity": "very_high"})
        _drop(d, "srv1", "backup.offline")
        if offline:
            asset(d, "srv1")["controls"].append("backup.offsite")

    return f


def _no_backup(has: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        _data(d)
        _drop(d, "srv1", "backup.offline", "backup.daily")
        if has:
            asset(d, "srv1")["controls"].append("backup.weekly")

    return f


def _backup_zone(same: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        if not same:
            _zone(d, "bkp", "backup")
        add_asset(d, id="nas1", kind="nas", zone="srv" if same else "bkp")
        _data(d, backup_on=["nas1"])
        _drop(d, "srv1", "backup.offline")

    return f


def _backup_host(same: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        _zone(d, "bkp", "backup")
        add_asset(d, id="nas1", kind="nas", zone="bkp")
        _data(d, backup_on=["srv1"] if same else ["nas1"])

    return f


def _endpoint(kind: str, controls: list[str]) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="ep1", kind=kind, zone="lan", controls=controls)

    return f


def _dc(controls: list[str]) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="dc1", kind="server", zone="srv", services=[{"port": 88}, {"port": 389}, {"port": 445}],
                  controls=controls)  # fmt: skip

    return f


def _ups(has: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        asset(d, "srv1")["needs"] = {"availability": "high"}
        if not has:
            _drop(d, "srv1", "ups")

    return f


def _spof(ha: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="app1", kind="application", zone="srv", runs_on="srv1")
        _data(d, needs={"availability": "high"})
        if not ha:
            _drop(d, "srv1", "ha.cluster")

    return f


def _logging(has: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        _data(d, needs={"confidentiality": "very_high"})
        if not has:
            _drop(d, "srv1", "logging.central")

    return f


def _mail(filtering: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="mail1", kind="server", zone="srv", services=[{"port": 25}],
                  controls=["antivirus", "patching.auto"] + (["email.filtering"] if filtering else []))  # fmt: skip

    return f


def _scan_unknown(ip: str) -> Callable[[D], ScanSnapshot | None]:
    def f(d: D) -> ScanSnapshot | None:
        return _snapshot(_host(ip, _port(443)))

    return f


def _scan_cve(score: float) -> Callable[[D], ScanSnapshot | None]:
    def f(d: D) -> ScanSnapshot | None:
        return _snapshot(_host("10.0.2.10", _port(443, [CveObservation(id="CVE-2024-0001", cvss=score)])))

    return f


def _scan_ports(*ports: int) -> Callable[[D], ScanSnapshot | None]:
    def f(d: D) -> ScanSnapshot | None:
        return _snapshot(_host("10.0.2.10", *(_port(p) for p in ports)))

    return f


def _exchange(via: str, legal: str | None, personal: bool = True) -> Callable[[D], None]:
    def f(d: D) -> None:
        _data(d, personal_data=personal, exchanges=[{"with": "Ministarstvo", "via": via, "direction": "provide",
                                                     "legal_basis": legal}])  # fmt: skip

    return f


def _gsb(**over: Any) -> Callable[[D], None]:
    """A register provided through the GSB with every Information Mediator check in place, then ``over``."""

    def f(d: D) -> None:
        exchange = {"with": "Uprava prihoda", "via": "gsb", "direction": "provide", "legal_basis": "Zakon",
                    "sharing_agreement": True, "allowed_consumers": ["Uprava prihoda"], "message_log": True,
                    "tls_to_security_server": True, **over}  # fmt: skip
        _data(d, exchanges=[exchange])

    return f


def _scan_age(days: int) -> Callable[[D], ScanSnapshot | None]:
    def f(d: D) -> ScanSnapshot | None:
        finished = datetime.combine(AS_OF - timedelta(days=days), time(12, 0), tzinfo=UTC)
        return ScanSnapshot(scan_id=1, complete=True, finished=finished, scope=["10.0.2.0/24"], hosts=[])

    return f


def _cleartext(encrypted: bool, carries: bool = True) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="srv2", kind="server", zone="dmz", controls=["antivirus", "patching.auto"])
        _data(d, classification="confidential")
        d["links"] = [{"from": "srv2", "to": "srv1", "port": 1433, "encrypted": encrypted, "authenticated": True,
                       "carries": ["d1"] if carries else []}]  # fmt: skip

    return f


def _crown(exposed: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        _data(d, needs={"confidentiality": "very_high"})
        if exposed:
            asset(d, "srv1")["services"].append({"port": 3389})
            _flow(d, "internet", "srv", ["tcp/3389"])

    return f


def _eol_data(eol: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        _data(d, needs={"integrity": "high"})
        asset(d, "srv1")["os"] = EOL if eol else SUPPORTED

    return f


def _owner(has: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        item = _data(d, personal_data=True)
        if not has:
            del item["owner"]

    return f


def _service(
    quantity: int = 1, eol: bool = False, rto: float | None = 4, audience: str = "internal"
) -> Callable[[D], None]:
    def f(d: D) -> None:
        asset(d, "srv1")["quantity"] = quantity
        asset(d, "srv1")["os"] = EOL if eol else SUPPORTED
        svc: D = {"id": "svc1", "name": "Service", "runs_on": ["srv1"], "audience": audience}
        if rto is not None:
            svc["rto_hours"] = rto
        d["services"] = [svc]

    return f


def _ddos(need: str) -> Callable[[D], None]:
    def f(d: D) -> None:
        _web(["waf"])(d)
        d["services"] = [{"id": "svc1", "name": "Portal", "runs_on": ["web1"], "rto_hours": 24,
                          "needs": {"availability": need}}]  # fmt: skip

    return f


def _flows(src: str, dst: str, ports: Any, kind: str | None = None) -> Callable[[D], None]:
    def f(d: D) -> None:
        if kind:
            _zone(d, src, kind)
        _flow(d, src, dst, ports)

    return f


def _iot_zone(ports: Any) -> Callable[[D], None]:
    def f(d: D) -> None:
        _zone(d, "iot", "iot")
        add_asset(d, id="cam1", kind="camera", zone="iot")
        _flow(d, "iot", "internet", ports)

    return f


def _link(authenticated: bool) -> Callable[[D], None]:
    def f(d: D) -> None:
        add_asset(d, id="srv2", kind="server", zone="dmz", controls=["antivirus", "patching.auto"])
        d["links"] = [{"from": "srv2", "to": "srv1", "protocol": "syslog", "encrypted": True,
                       "authenticated": authenticated}]  # fmt: skip

    return f


def _supplier(**access: Any) -> Callable[[D], None]:
    def f(d: D) -> None:
        clauses = access.pop("clauses", True)
        base = {"to": ["srv1"], "method": "vpn", "mfa": True, "always_on": False}
        d["suppliers"] = [{"id": "sup1", "name": "Vendor", "contract_security_clauses": clauses,
                           "remote_access": {**base, **access}}]  # fmt: skip
        access["clauses"] = clauses

    return f


def _gateway(controls: list[str]) -> Callable[[D], None]:
    def f(d: D) -> None:
        d["zones"].append({"id": "vpn", "kind": "vpn"})
        _flow(d, "internet", "vpn", ["tcp/443"])
        add_asset(d, id="fw1", kind="firewall", zone="dmz", controls=["patching.monthly", *controls])

    return f


def _measure(key: str, value: str, **extra: Any) -> Callable[[D], None]:
    def f(d: D) -> None:
        d["measures"][key] = value
        if extra.get("personal"):
            _data(d, personal_data=True)
        if extra.get("no_logging"):
            _drop(d, "srv1", "logging.central")
        if "it_staff" in extra:
            d["municipality"]["it_staff"] = extra["it_staff"]

    return f


def _dcs(count: int) -> Callable[[D], None]:
    def f(d: D) -> None:
        for n in range(count):
            add_asset(d, id=f"dc{n}", kind="server", zone="srv", services=[{"port": 88}],
                      controls=["mfa.admin", "antivirus", "patching.auto"])  # fmt: skip

    return f


# --------------------------------------------------------------------------- cases

POSITIVE: dict[str, Case] = {
    "eol.os": ("srv1", _m(_eol_os(EOL))),
    "eol.firmware": ("sw1", _m(_firmware(EOL))),
    "eol.hypervisor": ("hv1", _m(_hypervisor(EOL))),
    "eol.host": ("vm1", _m(_hypervisor(EOL))),
    "net.rdp_internet": ("srv1", _m(_internet_port(3389, "tcp/3389"))),
    "net.smb_internet": ("srv1", _m(_internet_port(445, "tcp/445"))),
    "net.cleartext_internet": ("srv1", _m(_internet_port(23, "tcp/20-25"))),
    "net.database_internet": ("srv1", _m(_internet_port(1433, "tcp/1433"))),
    "net.admin_internet": ("srv1", _m(_internet_port(22, "tcp/22"))),
    "net.mgmt_internet": ("dev1", _m(_appliance("firewall", 8443, "internet", "dmz", "tcp/8443"))),
    "net.mgmt_from_users": ("dev1", _m(_appliance("switch", 22, "lan", "srv", "tcp/22"))),
    "net.telnet_mgmt": ("dev1", _m(_appliance("router", 23, "lan", "srv", "tcp/23"))),
    "net.guest_reaches_asset": ("srv1", _m(_guest("srv", ["tcp/443"]))),
    "net.web_no_waf": ("web1", _m(_web(["antivirus", "patching.auto"]))),
    "iot.internet_egress": ("cam1", _m(_camera(["tcp/443"], None))),
    "iot.internet_inbound": ("cam1", _m(_camera(None, ["tcp/8000"]))),
    "backup.no_offline": ("srv1", _m(_no_offline(False))),
    "backup.none": ("srv1", _m(_no_backup(False))),
    "backup.same_zone": ("d1", _m(_backup_zone(True))),
    "backup.same_host": ("d1", _m(_backup_host(True))),
    "host.no_malware_protection": ("ep1", _m(_endpoint("workstation", ["patching.auto"]))),
    "host.no_patching": ("ep1", _m(_endpoint("workstation", ["antivirus"]))),
    "host.laptop_unencrypted": ("ep1", _m(_endpoint("laptop", ["antivirus", "patching.auto"]))),
    "host.dc_no_admin_mfa": ("dc1", _m(_dc(["antivirus", "patching.auto"]))),
    "host.no_ups": ("srv1", _m(_ups(False))),
    "host.spof": ("srv1", _m(_spof(False))),
    "host.no_logging": ("srv1", _m(_logging(False))),
    "host.mail_no_filtering": ("mail1", _m(_mail(False))),
    "scan.unmanaged_host": ("unmanaged-10.0.2.99", _scan_unknown("10.0.2.99")),
    "scan.vulnerability": ("srv1", _scan_cve(9.8)),
    "scan.undeclared_ports": ("srv1", _scan_ports(443, 8080)),
    "data.personal_outside_gsb": ("d1", _m(_exchange("email", "Zakon"))),
    "data.exchange_no_legal_basis": ("d1", _m(_exchange("gsb", None))),
    "gsb.access_governance": ("d1", _m(_gsb(sharing_agreement=None))),
    "gsb.mediator_security": ("d1", _m(_gsb(tls_to_security_server=False))),
    "scan.not_recent": ("TEST", _scan_age(45)),
    "data.cleartext_transit": ("d1", _m(_cleartext(False))),
    "data.crown_jewel_exposed": ("d1", _m(_crown(True))),
    "data.on_eol_host": ("d1", _m(_eol_data(True))),
    "data.no_owner": ("d1", _m(_owner(False))),
    "svc.spof": ("svc1", _m(_service(quantity=1))),
    "svc.no_rto": ("svc1", _m(_service(rto=None, audience="citizens"))),
    "svc.eol_dependency": ("svc1", _m(_service(eol=True))),
    "svc.ddos": ("svc1", _m(_ddos("high"))),
    "zone.flat": ("lan", _m(_flows("lan", "srv", "any"))),
    "zone.guest_internal": ("guest", _m(_guest("lan", ["tcp/445"]))),
    "zone.iot_internet": ("iot", _m(_iot_zone("any"))),
    "zone.internet_any_inbound": ("dmz", _m(_flows("internet", "dmz", "any"))),
    "flow.untrusted_any": ("internet->dmz", _m(_flows("internet", "dmz", "any"))),
    "flow.cleartext_inbound": ("internet->srv", _m(_flows("internet", "srv", ["tcp/1433"]))),
    "flow.dmz_to_internal": ("dmz->srv", _m(_flows("dmz", "srv", ["tcp/1433"]))),
    "link.cleartext_confidential": ("srv2->srv1", _m(_cleartext(False))),
    "link.unauthenticated": ("srv2->srv1", _m(_link(False))),
    "supplier.no_mfa": ("sup1", _m(_supplier(mfa=False))),
    "access.remote_no_mfa": ("fw1", _m(_gateway([]))),
    "supplier.remote_desktop_tool": ("sup1", _m(_supplier(method="teamviewer"))),
    "supplier.always_on": ("sup1", _m(_supplier(always_on=True))),
    "supplier.no_clauses": ("sup1", _m(_supplier(clauses=False))),
    "org.no_incident_procedure": ("TEST", _m(_measure("incident_procedure", "no"))),
    "org.no_incident_contact": ("TEST", _m(_measure("incident_reporting_contact", "no"))),
    "org.no_restore_test": ("TEST", _m(_measure("backup_restore_test", "no"))),
    "org.no_training": ("TEST", _m(_measure("security_training", "partial"))),
    "org.no_policy": ("TEST", _m(_measure("security_policy_adopted", "no"))),
    "org.no_risk_assessment": ("TEST", _m(_measure("risk_assessment_done", "no"))),
    "org.no_dpo": ("TEST", _m(_measure("personal_data_dpo", "no", personal=True))),
    "org.no_supplier_clauses": ("TEST", _m(_measure("supplier_contracts_security", "no"))),
    "org.no_bc_plan": ("TEST", _m(_measure("business_continuity_plan", "no"))),
    "org.no_access_review": ("TEST", _m(_measure("access_review", "no"))),
    "org.no_logging": ("TEST", _m(_measure("logging_review", "no", no_logging=True))),
    "org.no_vuln_management": ("TEST", _m(_measure("vulnerability_management", "no"))),
    "org.server_room": ("TEST", _m(_measure("physical_security_server_room", "partial"))),
    "org.no_asset_inventory": ("TEST", _m(_measure("asset_inventory_maintained", "no"))),
    "org.single_dc": ("TEST", _m(_dcs(1))),
    "org.single_it_person": ("TEST", _m(_measure("business_continuity_plan", "no", it_staff=1))),
}

NEGATIVE: dict[str, Case] = {
    "eol.os": ("srv1", _m(_eol_os(SUPPORTED))),
    "eol.firmware": ("sw1", _m(_firmware(SUPPORTED))),
    "eol.hypervisor": ("hv1", _m(_hypervisor(SUPPORTED))),
    "eol.host": ("vm1", _m(_hypervisor(SUPPORTED))),
    "net.rdp_internet": ("srv1", _m(_internet_port(3389, "tcp/443"))),
    "net.smb_internet": ("srv1", _m(_internet_port(445, "tcp/443"))),
    "net.cleartext_internet": ("srv1", _m(_internet_port(23, "tcp/443"))),
    "net.database_internet": ("srv1", _m(_internet_port(1433, "tcp/443"))),
    "net.admin_internet": ("srv1", _m(_internet_port(22, "tcp/443"))),
    "net.mgmt_internet": ("dev1", _m(_appliance("firewall", 8443, "internet", "dmz", "tcp/25"))),
    "net.mgmt_from_users": ("dev1", _m(_appliance("switch", 22, "lan", "srv", "tcp/3306"))),
    "net.telnet_mgmt": ("dev1", _m(_appliance("router", 23, "lan", "srv", "tcp/22"))),
    "net.guest_reaches_asset": ("srv1", _m(_guest("internet", "any"))),
    "net.web_no_waf": ("web1", _m(_web(["antivirus", "patching.auto", "waf"]))),
    "iot.internet_egress": ("cam1", _m(_camera(None, None))),
    "iot.internet_inbound": ("cam1", _m(_camera(None, ["tcp/9000"]))),
    "backup.no_offline": ("srv1", _m(_no_offline(True))),
    "backup.none": ("srv1", _m(_no_backup(True))),
    "backup.same_zone": ("d1", _m(_backup_zone(False))),
    "backup.same_host": ("d1", _m(_backup_host(False))),
    "host.no_malware_protection": ("ep1", _m(_endpoint("workstation", ["patching.auto", "edr"]))),
    "host.no_patching": ("ep1", _m(_endpoint("workstation", ["antivirus", "patching.monthly"]))),
    "host.laptop_unencrypted": ("ep1", _m(_endpoint("laptop", ["antivirus", "patching.auto", "disk_encryption"]))),
    "host.dc_no_admin_mfa": ("dc1", _m(_dc(["antivirus", "patching.auto", "mfa.admin"]))),
    "host.no_ups": ("srv1", _m(_ups(True))),
    "host.spof": ("srv1", _m(_spof(True))),
    "host.no_logging": ("srv1", _m(_logging(True))),
    "host.mail_no_filtering": ("mail1", _m(_mail(True))),
    "scan.unmanaged_host": ("unmanaged-10.0.2.10", _scan_unknown("10.0.2.10")),
    "scan.vulnerability": ("srv1", _scan_cve(2.0)),
    "scan.undeclared_ports": ("srv1", _scan_ports(443)),
    "data.personal_outside_gsb": ("d1", _m(_exchange("gsb", "Zakon"))),
    "data.exchange_no_legal_basis": ("d1", _m(_exchange("gsb", "Zakon o registrima"))),
    "gsb.access_governance": ("d1", _m(_gsb())),
    "gsb.mediator_security": ("d1", _m(_gsb())),
    "scan.not_recent": ("TEST", _scan_age(7)),
    "data.cleartext_transit": ("d1", _m(_cleartext(True))),
    "data.crown_jewel_exposed": ("d1", _m(_crown(False))),
    "data.on_eol_host": ("d1", _m(_eol_data(False))),
    "data.no_owner": ("d1", _m(_owner(True))),
    "svc.spof": ("svc1", _m(_service(quantity=2))),
    "svc.no_rto": ("svc1", _m(_service(rto=48, audience="citizens"))),
    "svc.eol_dependency": ("svc1", _m(_service(eol=False))),
    "svc.ddos": ("svc1", _m(_ddos("normal"))),
    "zone.flat": ("lan", _m(_flows("lan", "srv", ["tcp/443"]))),
    "zone.guest_internal": ("guest", _m(_guest("internet", "any"))),
    "zone.iot_internet": ("iot", _m(_iot_zone(["tcp/443"]))),
    "zone.internet_any_inbound": ("dmz", _m(_flows("internet", "dmz", ["tcp/443"]))),
    "flow.untrusted_any": ("internet->dmz", _m(_flows("internet", "dmz", ["tcp/443"]))),
    "flow.cleartext_inbound": ("internet->srv", _m(_flows("internet", "srv", ["tcp/443"]))),
    "flow.dmz_to_internal": ("dmz->srv", _m(_flows("dmz", "srv", ["tcp/443"]))),
    "link.cleartext_confidential": ("srv2->srv1", _m(_cleartext(True))),
    "link.unauthenticated": ("srv2->srv1", _m(_link(True))),
    "supplier.no_mfa": ("sup1", _m(_supplier(mfa=True))),
    "access.remote_no_mfa": ("fw1", _m(_gateway(["remote_access.mfa"]))),
    "supplier.remote_desktop_tool": ("sup1", _m(_supplier(method="vpn"))),
    "supplier.always_on": ("sup1", _m(_supplier(always_on=False))),
    "supplier.no_clauses": ("sup1", _m(_supplier(clauses=True))),
    "org.no_incident_procedure": ("TEST", _m(_measure("incident_procedure", "yes"))),
    "org.no_incident_contact": ("TEST", _m(_measure("incident_reporting_contact", "yes"))),
    "org.no_restore_test": ("TEST", _m(_measure("backup_restore_test", "yes"))),
    "org.no_training": ("TEST", _m(_measure("security_training", "yes"))),
    "org.no_policy": ("TEST", _m(_measure("security_policy_adopted", "yes"))),
    "org.no_risk_assessment": ("TEST", _m(_measure("risk_assessment_done", "yes"))),
    "org.no_dpo": ("TEST", _m(_measure("personal_data_dpo", "yes", personal=True))),
    "org.no_supplier_clauses": ("TEST", _m(_measure("supplier_contracts_security", "yes"))),
    "org.no_bc_plan": ("TEST", _m(_measure("business_continuity_plan", "yes"))),
    "org.no_access_review": ("TEST", _m(_measure("access_review", "yes"))),
    "org.no_logging": ("TEST", _m(_measure("logging_review", "yes", no_logging=True))),
    "org.no_vuln_management": ("TEST", _m(_measure("vulnerability_management", "yes"))),
    "org.server_room": ("TEST", _m(_measure("physical_security_server_room", "yes"))),
    "org.no_asset_inventory": ("TEST", _m(_measure("asset_inventory_maintained", "yes"))),
    "org.single_dc": ("TEST", _m(_dcs(2))),
    "org.single_it_person": ("TEST", _m(_measure("business_continuity_plan", "yes", it_staff=1))),
}


def _bundled_rule_ids() -> set[str]:
    from importlib.resources import files

    text = files("threat_catalog.data").joinpath("rules.yaml").read_text(encoding="utf-8")
    return {r["id"] for r in yaml.safe_load(text)["rules"]}


def test_analysis_every_rule_has_positive_and_negative_case() -> None:
    rule_ids = _bundled_rule_ids()
    assert rule_ids == {r.id for r in load_catalog().rules}
    assert len(rule_ids) >= 40
    assert rule_ids - set(POSITIVE) == set(), "rules without a positive test"
    assert rule_ids - set(NEGATIVE) == set(), "rules without a negative test"
    assert set(POSITIVE) - rule_ids == set() and set(NEGATIVE) - rule_ids == set(), "tests for unknown rules"


def test_analysis_clean_inventory_has_no_risks() -> None:
    result = run(clean_inventory())
    assert result.risks == []
    assert result.findings == []


@pytest.mark.parametrize("rule_id", sorted(POSITIVE))
def test_analysis_rule_positive(rule_id: str) -> None:
    subject, mutate = POSITIVE[rule_id]
    d = clean_inventory()
    snapshot = mutate(d)
    result = run(d, snapshot)
    assert subject in fired(result, rule_id), f"{rule_id} should fire on {subject}; fired: {fired(result, rule_id)}"
    risk = result.risk_index()[f"{rule_id}@{subject}"]
    assert "{" not in risk.evidence.en and "{" not in risk.evidence.cnr, "evidence placeholders left unfilled"
    assert 1 <= risk.likelihood.value <= 5 and 1 <= risk.impact.value <= 5


@pytest.mark.parametrize("rule_id", sorted(NEGATIVE))
def test_analysis_rule_negative(rule_id: str) -> None:
    subject, mutate = NEGATIVE[rule_id]
    d = clean_inventory()
    snapshot = mutate(d)
    result = run(d, snapshot)
    assert subject not in fired(result, rule_id), f"{rule_id} should not fire on {subject}"
