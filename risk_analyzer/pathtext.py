"""Attack-path steps as codes with arguments, and their text rendered at output time.

The analysis stores each hop of an attack path as a :class:`Step`: a ``kind``
(a code) and ``args`` (ids, inventory names, ports, product versions, dates,
flags). ``analysis.json`` carries only these; the sentences are rendered from
the ``analysis`` gettext catalogue (``asset_models/locales/<lang>/analysis.po``)
by :func:`step_text` and :func:`entry_name` in any registered language.
Names from the inventory (zones, assets, suppliers, products) are quoted as
written, never translated.

Step kinds and their arguments (every argument is optional unless named):

================ ==============================================================
``entry``        the first hop: ``entry`` (internet | guest_wifi | phishing |
                 supplier), ``supplier`` name for a supplier's entry
``internet``     into an internet zone: ``zone``
``guest_wifi``   onto the guest Wi-Fi: ``zone``
``phishing``     phishing mail to a workstation user: ``zone`` or ``asset``
``supplier``     a supplier's remote access: ``supplier``, ``method``, ``mfa``,
                 ``always_on``
``flow``         a permitted zone flow: ``from_zone``, ``to_zone``, ``ports``
``lateral``      movement inside a zone: ``zone``
``link``         a link between assets: ``from_asset``, ``to_asset``, ``port``,
                 ``authenticated``
``stored_on``    data read on the host that stores it: ``asset``
``processed_on`` data read on an application that processes it: ``asset``,
                 ``service``
``backup_on``    data read from a backup copy: ``asset``
================ ==============================================================

Hops that land on an asset add what the attacker uses there (the "landing"):
``asset``, ``protocol``, ``port``, ``service`` (e.g. RDP), ``product``,
``version``, ``os``, ``eos`` (end of support, ISO date), ``days_past_eos``,
``cvss`` (highest score a scan reported), ``weakness`` (comma-separated codes:
end_of_support, known_vulnerability, admin_port_without_mfa). ``reason`` explains the
hop's own cost (``weight``): internet, guest_wifi, phishing, supplier_no_mfa,
supplier_mfa, flow_any, flow_admin, flow_application, lateral, link_open,
link_authenticated, data_access.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Protocol, TypeVar

from asset_models.i18n import translator
from asset_models.topology import ENTRY_GUEST, ENTRY_INTERNET, ENTRY_PHISHING, ENTRY_SUPPLIER
from threat_catalog.rules import Text

__all__ = [
    "ENTRY_GUEST",
    "ENTRY_INTERNET",
    "ENTRY_PHISHING",
    "ENTRY_SUPPLIER",
    "ArgValue",
    "Step",
    "entry_name",
    "entry_names",
    "entry_text",
    "factor_text",
    "hop_text",
    "path_entry_name",
    "reason_text",
    "step_text",
]  # fmt: skip

ArgValue = str | int | float | bool | None
Args = tuple[tuple[str, ArgValue], ...]

ENTRY_CODES: Final = ("internet", "guest_wifi", "phishing", "supplier")
#: well-known service names of ports (a step names "RDP tcp/3389" when the inventory gives no name)
PORT_NAMES: Final[dict[int, str]] = {
    21: "FTP", 22: "SSH", 23: "Telnet", 25: "SMTP", 53: "DNS", 80: "HTTP", 110: "POP3", 135: "RPC",
    139: "NetBIOS", 143: "IMAP", 161: "SNMP", 389: "LDAP", 443: "HTTPS", 445: "SMB", 636: "LDAPS",
    1433: "MS SQL", 1521: "Oracle", 3306: "MySQL", 3389: "RDP", 5432: "PostgreSQL", 5900: "VNC",
    5985: "WinRM", 5986: "WinRM", 8080: "HTTP", 8443: "HTTPS",
}  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One step of an attack path: a kind, its arguments, and the reason for its cost."""

    kind: str
    args: Args = ()
    reason: str = ""

    @classmethod
    def of(cls, kind: str, reason: str = "", **args: ArgValue) -> Step:
        return cls(kind, tuple(sorted((k, v) for k, v in args.items() if v is not None)), reason)

    def with_args(self, **args: ArgValue) -> Step:
        merged = dict(self.args)
        merged.update({k: v for k, v in args.items() if v is not None})
        return Step(self.kind, tuple(sorted(merged.items())), self.reason)

    def arg_dict(self) -> dict[str, ArgValue]:
        return dict(self.args)

    @property
    def via(self) -> str:
        """A short language-neutral code of the step (graph edge labels): ``flow tcp/3389``."""
        a = self.arg_dict()
        if self.kind == "flow":
            return f"flow {a.get('ports', 'any')}"
        if self.kind == "link":
            port = a.get("port")
            return f"link {a.get('from_asset', '')}->{a.get('to_asset', '')}" + (f" port {port}" if port else "")
        if self.kind == "supplier":
            return f"remote access {a.get('method', '')} ({a.get('supplier_id', '')})"
        return self.kind


def entry_name(entry: str, lang: str, supplier: str | None = None) -> str:
    """The name of an entry point (``internet``, ``entry:internet``, ``supplier``) in ``lang``."""
    code = entry.removeprefix("entry:")
    tr = translator(lang, "analysis")
    if code == "supplier" and supplier:
        return tr.gettext("remote access of supplier {supplier}", supplier=_quote(supplier, lang))
    return tr.pgettext("entry_point", code)


def entry_text(node: str) -> Text:
    """The entry point's name in English and Montenegrin (for callers that still want both)."""
    return Text(en=entry_name(node, "en"), cnr=entry_name(node, "cnr"))


def entry_names() -> dict[str, Text]:
    """Entry-point code -> its name in English and Montenegrin."""
    return {code: entry_text(code) for code in ENTRY_CODES}


def _quote(name: object, lang: str) -> str:
    tr = translator(lang, "analysis")
    return tr.gettext("\u201c{name}\u201d", name=str(name))


def _yes(value: ArgValue) -> bool:
    return value is True


def step_text(kind: str, args: Mapping[str, ArgValue], lang: str) -> str:
    """One hop described in ``lang`` from its kind and arguments."""
    tr = translator(lang, "analysis")
    a = dict(args)

    def q(key: str) -> str:
        return _quote(a.get(key, ""), lang)

    if kind == "entry":
        return entry_name(str(a.get("entry", "")), lang, str(a["supplier"]) if a.get("supplier") else None)
    if kind == "internet":
        text = tr.gettext("entry from the internet")
    elif kind == "guest_wifi":
        text = tr.gettext("connection to the guest Wi-Fi network (zone {zone})", zone=q("zone"))
    elif kind == "phishing":
        if a.get("zone"):
            text = tr.gettext("phishing e-mail to a workstation user in zone {zone}", zone=q("zone"))
        else:
            text = tr.gettext("phishing e-mail to the user of this device")
    elif kind == "supplier":
        method = tr.pgettext("remote_method", str(a.get("method", "other")))
        if _yes(a.get("mfa")):
            text = tr.gettext(
                "remote access of supplier {supplier} ({method}, with MFA)", supplier=q("supplier"), method=method
            )
        else:
            text = tr.gettext(
                "remote access of supplier {supplier} ({method}, no MFA)", supplier=q("supplier"), method=method
            )
        if _yes(a.get("always_on")):
            text += tr.gettext(", always on")
    elif kind == "flow":
        ports = a.get("ports", "any")
        shown = tr.gettext("all ports") if ports == "any" else str(ports).replace(",", ", ")
        text = tr.gettext(
            "flow from zone {from_zone} to zone {to_zone} ({ports})",
            from_zone=q("from_zone"),
            to_zone=q("to_zone"),
            ports=shown,
        )
    elif kind == "lateral":
        text = tr.gettext("lateral movement inside zone {zone}", zone=q("zone"))
    elif kind == "link":
        if a.get("to_asset"):
            text = tr.gettext("link from {src} to {dst}", src=q("from_asset"), dst=q("to_asset"))
        else:
            text = tr.gettext("link from {src}", src=q("from_asset"))
        extras = []
        if a.get("port"):
            extras.append(tr.gettext("port {port}", port=str(a["port"])))
        if _yes(a.get("authenticated")):
            extras.append(tr.gettext("authenticated"))
        if extras:
            text += f" ({', '.join(extras)})"
    elif kind == "stored_on":
        return tr.gettext("data stored on {asset}", asset=q("asset"))
    elif kind == "processed_on":
        return tr.gettext("data processed by {asset}", asset=q("asset"))
    elif kind == "backup_on":
        return tr.gettext("backup copy of the data on {asset}", asset=q("asset"))
    else:
        text = kind
    return text + _landing_text(a, lang, kind)


def _landing_text(a: Mapping[str, ArgValue], lang: str, kind: str = "") -> str:
    """``; uses RDP tcp/3389 (Windows Server 2012 R2, out of support since 10 Oct 2023) on “X”`` or ``''``."""
    if not a.get("asset_name"):
        return ""
    tr = translator(lang, "analysis")
    port = a.get("port") if a.get("protocol") else None
    details: list[str] = []
    product = " ".join(str(a[k]) for k in ("product", "version") if a.get(k))
    if product:
        details.append(product)
    if a.get("os"):
        details.append(str(a["os"]))
    days = a.get("days_past_eos")
    if a.get("eos") and isinstance(days, int) and days > 0:
        details.append(
            tr.gettext("out of support since {date}", date=tr.format_date(date.fromisoformat(str(a["eos"]))))
        )
    for code in str(a.get("weakness") or "").split(","):
        if code == "admin_port_without_mfa":
            details.append(tr.pgettext("weakness", code))
    if a.get("cvss"):
        details.append(
            tr.gettext("known vulnerability, CVSS {score}", score=tr.format_number(float(str(a["cvss"])), 1))
        )
    tail = f" ({', '.join(details)})" if details else ""
    asset = _quote(a.get("asset_name", ""), lang)
    if isinstance(port, int):
        service = PORT_NAMES.get(port) or str(a.get("service") or "")
        what = f"{service} {a['protocol']}/{port}".strip()
        return tr.gettext("; uses {service} on {asset}", service=what + tail, asset=asset)
    if details or kind in ("supplier", "phishing", "flow"):
        return tr.gettext("; reaches {asset}", asset=asset + tail)
    return ""


def reason_text(reason: str, lang: str) -> str:
    """Why a hop costs what it costs, in ``lang``."""
    return translator(lang, "analysis").pgettext("cost_reason", reason)


class _HopLike(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def args(self) -> Mapping[str, ArgValue]: ...


class _PathLike(Protocol):
    @property
    def entry_point(self) -> str: ...

    @property
    def supplier(self) -> str | None: ...

    @property
    def hops(self) -> Sequence[_HopLike]: ...


def hop_text(hop: _HopLike, lang: str) -> str:
    """A :class:`~risk_analyzer.result.PathHop` described in ``lang``."""
    if hop.kind == "entry" and hop.args.get("entry") == "supplier" and not hop.args.get("supplier"):
        return entry_name("supplier", lang)
    return step_text(hop.kind, hop.args, lang)


def path_entry_name(path: _PathLike, lang: str) -> str:
    """The entry point of an :class:`~risk_analyzer.result.AttackPath` in ``lang`` (a supplier by its name)."""
    if path.entry_point == "supplier":
        for hop in path.hops:
            if hop.kind == "supplier" and hop.args.get("supplier"):
                return entry_name("supplier", lang, str(hop.args["supplier"]))
    return entry_name(path.entry_point, lang)


def factor_text(code: str, args: Mapping[str, ArgValue], lang: str) -> str:
    """A likelihood or impact factor (:class:`~risk_analyzer.result.Factor`) described in ``lang``."""
    tr = translator(lang, "analysis")
    params = {k: ("" if v is None else str(v)) for k, v in args.items()}
    if "exposure" in params:
        params["exposure"] = tr.pgettext("exposure", params["exposure"])
    if "score" in args and isinstance(args["score"], int | float):
        params["score"] = tr.format_number(float(args["score"]), 1)
    return tr.pgettext("factor", code, **params)


def officer_status_text(status: str, lang: str) -> str:
    """``named`` | ``appointed_unnamed`` | ``not_appointed`` in ``lang`` ("appointed, name not recorded")."""
    return translator(lang, "analysis").pgettext("officer_status", status)


_P = TypeVar("_P", bound=_PathLike)


def report_paths(paths: Sequence[_P]) -> list[_P]:
    """The paths a short document shows per target: the cheapest one and, when it starts elsewhere, the cheapest
    from the internet (so a cheaper supplier path never hides the internet path); all paths stay in the register."""
    out: list[_P] = []
    seen: set[tuple[str, str]] = set()
    for path in paths:  # sorted by target, then cost
        target = str(getattr(path, "target", ""))
        if (target, "first") not in seen:
            seen.add((target, "first"))
            out.append(path)
            if path.entry_point == "internet":
                seen.add((target, "internet"))
        elif path.entry_point == "internet" and (target, "internet") not in seen:
            seen.add((target, "internet"))
            out.append(path)
    return out
