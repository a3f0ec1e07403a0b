"""Attack-path steps and entry points described in English and Montenegrin (ijekavian, Latin script).

The exposure computation attaches a :class:`Step` to every edge an attacker can
take; the analysis turns it into the ``text`` of a
:class:`~risk_analyzer.result.PathHop`. ``via`` keeps the short English code of
schema 1 (``flow tcp/3389``); ``en`` and ``cnr`` are the sentences the report,
the policies and the register show. Names from the inventory (zones, assets,
suppliers) are quoted as written, never translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from asset_models.models import RemoteMethod
from threat_catalog.rules import Text

ENTRY_INTERNET: Final = "entry:internet"
ENTRY_GUEST: Final = "entry:guest_wifi"
ENTRY_PHISHING: Final = "entry:phishing"
ENTRY_SUPPLIER: Final = "entry:supplier"

#: entry node -> (en, cnr) name of the entry point
_ENTRY_NAMES: Final[dict[str, tuple[str, str]]] = {
    ENTRY_INTERNET: ("internet", "internet"),
    ENTRY_GUEST: ("guest Wi-Fi network", "gostujuća Wi-Fi mreža"),
    ENTRY_PHISHING: ("phishing of workstations", "fišing radnih stanica"),
    ENTRY_SUPPLIER: ("supplier remote access", "udaljeni pristup dobavljača"),
}

#: remote-access method -> (en, cnr)
_METHODS: Final[dict[RemoteMethod, tuple[str, str]]] = {
    RemoteMethod.vpn: ("VPN", "VPN"),
    RemoteMethod.rdp: ("RDP", "RDP"),
    RemoteMethod.ssh: ("SSH", "SSH"),
    RemoteMethod.teamviewer: ("TeamViewer", "TeamViewer"),
    RemoteMethod.anydesk: ("AnyDesk", "AnyDesk"),
    RemoteMethod.web: ("web access", "veb-pristup"),
    RemoteMethod.other: ("other method", "drugi način"),
}


@dataclass(frozen=True)
class Step:
    """One step of an attack path: the short English code ``via`` and the description in both languages."""

    via: str
    en: str
    cnr: str

    def text(self) -> Text:
        return Text(en=self.en, cnr=self.cnr)


def _en(name: str) -> str:
    """An inventory name quoted the English way."""
    return f"\u201c{name}\u201d"


def _cnr(name: str) -> str:
    """An inventory name quoted the Montenegrin way."""
    return f"\u201e{name}\u201d"


def _capital(value: str) -> str:
    return value[:1].upper() + value[1:]


def entry_text(node: str) -> Text:
    """The bilingual name of an entry point (``entry:internet``); unknown nodes are named by their id."""
    code = node.removeprefix("entry:")
    en, cnr = _ENTRY_NAMES.get(node, (code, code) if code else ("unknown", "nepoznato"))
    return Text(en=en, cnr=cnr)


def entry_names() -> dict[str, Text]:
    """Entry-point code (``internet``, ``guest_wifi``, ``phishing``, ``supplier``) -> its bilingual name."""
    return {node.removeprefix("entry:"): entry_text(node) for node in _ENTRY_NAMES}


def entry_label(node: str) -> str:
    """The English label of an entry node (graph and hop ``label``), e.g. ``Internet``."""
    return _capital(entry_text(node).en)


def entry_step(node: str) -> Step:
    """The first hop of a path: the entry point itself (no ``via``)."""
    text = entry_text(node)
    return Step("", text.en, text.cnr)


def internet_step() -> Step:
    return Step("entry", "entry from the internet", "ulaz sa interneta")


def guest_step(zone: str) -> Step:
    return Step(
        "guest network",
        f"connection to the guest Wi-Fi network (zone {_en(zone)})",
        f"povezivanje na gostujuću Wi-Fi mrežu (zona {_cnr(zone)})",
    )


def phishing_zone_step(zone: str) -> Step:
    return Step(
        "phishing e-mail",
        f"phishing e-mail to a workstation user in zone {_en(zone)}",
        f"fišing poruka korisniku radne stanice u zoni {_cnr(zone)}",
    )


def phishing_asset_step() -> Step:
    return Step("phishing e-mail", "phishing e-mail to the user of this device", "fišing poruka korisniku ovog uređaja")


def supplier_step(supplier_id: str, supplier_name: str, method: RemoteMethod, mfa: bool) -> Step:
    en_method, cnr_method = _METHODS[method]
    return Step(
        f"remote access {method.value} ({supplier_id}{', MFA' if mfa else ', no MFA'})",
        f"remote access of supplier {_en(supplier_name)} ({en_method}, {'with MFA' if mfa else 'no MFA'})",
        f"udaljeni pristup dobavljača {_cnr(supplier_name)} ({cnr_method}, {'sa MFA' if mfa else 'bez MFA'})",
    )


def flow_step(src_zone: str, dst_zone: str, ports: str | list[str]) -> Step:
    """A permitted flow between zones; ``ports`` as in the inventory (``any`` or ``["tcp/3389", ...]``)."""
    if ports == "any":
        code, en_ports, cnr_ports = "any", "all ports", "svi portovi"
    else:
        code = ",".join(ports)
        en_ports = cnr_ports = ", ".join(ports)
    return Step(
        f"flow {code}",
        f"flow from zone {_en(src_zone)} to zone {_en(dst_zone)} ({en_ports})",
        f"protok iz zone {_cnr(src_zone)} u zonu {_cnr(dst_zone)} ({cnr_ports})",
    )


def _port(port: int | None, authenticated: bool) -> tuple[str, str]:
    en = [f"port {port}"] if port else []
    cnr = [f"port {port}"] if port else []
    if authenticated:
        en.append("authenticated")
        cnr.append("uz autentifikaciju")
    return (f" ({', '.join(en)})" if en else "", f" ({', '.join(cnr)})" if cnr else "")


def zone_link_step(
    src_id: str, dst_id: str, src_name: str, dst_name: str, port: int | None, authenticated: bool
) -> Step:
    """A link between assets of two zones, used as an edge between the zones."""
    en_tail, cnr_tail = _port(port, authenticated)
    return Step(
        f"link {src_id}->{dst_id}" + (f" port {port}" if port else ""),
        f"link from {_en(src_name)} to {_en(dst_name)}{en_tail}",
        f"veza od sistema {_cnr(src_name)} do sistema {_cnr(dst_name)}{cnr_tail}",
    )


def asset_link_step(src_id: str, src_name: str, port: int | None, authenticated: bool) -> Step:
    """The far end of a link reached from its near end."""
    en_tail, cnr_tail = _port(port, authenticated)
    return Step(
        f"link from {src_id}" + (f" port {port}" if port else ""),
        f"link from {_en(src_name)}{en_tail}",
        f"veza sa sistema {_cnr(src_name)}{cnr_tail}",
    )


def lateral_step(zone: str) -> Step:
    return Step(
        "lateral movement in zone",
        f"lateral movement inside zone {_en(zone)}",
        f"lateralno kretanje unutar zone {_cnr(zone)}",
    )


def stored_on_step(host_id: str, host_name: str) -> Step:
    return Step(f"stored on {host_id}", f"data stored on {_en(host_name)}", f"podaci smješteni na {_cnr(host_name)}")
