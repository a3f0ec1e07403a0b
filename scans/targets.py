"""Scan targets and the authorised scope.

nmap reads address forms that Python refuses (``127.1``, ``0x7f.0.0.1``,
``2130706433``, and ``0177.0.0.1`` as *177*.0.0.1), so a scope check on the
raw text can be bypassed. Here every target is canonicalised with
:mod:`ipaddress` and nmap only ever receives ``str(network)``; hostnames are
resolved by us and each address is checked, then handed to nmap with ``-n``.
Nothing a user writes is split into nmap arguments.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from asset_models.errors import InputError, OutOfScope, Place, Problem
from asset_models.i18n import Texts

if TYPE_CHECKING:  # the models (pydantic) load only for commands that read an inventory
    from asset_models.models import Inventory

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_MAX_PREFIX_V4 = 16  # a target may be at most a /16 ...
DEFAULT_MAX_PREFIX_V6 = 112  # ... or an IPv6 /112 (65,536 addresses)

_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*\.?$")
_NUMERIC_PART = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
_BAD_CHARS = re.compile(r"[\s,;%'\"`$|&<>(){}\[\]\\*?!=]")

Resolver = Callable[[str], list[str]]


# User-facing texts of this module (English templates, read in the language in use).
MESSAGES = Texts({
    "invalid_target": "invalid scan target {text!r}",
    "cannot_resolve": "cannot resolve {name!r}",
    "resolution_failed": "name resolution failed ({error})",
    "resolution_hint": "check the name, or give the address",
    "one_target": "a target is one address, CIDR or hostname: no spaces, commas, quotes or leading '-'",
    "one_scope": "a scope is one address, CIDR or hostname: no spaces, commas, quotes or leading '-'",
    "one_hint": "give each target separately, e.g. --target 10.20.1.0/24 --target 10.20.10.5",
    "not_canonical": "not a canonical IPv4/IPv6 address or CIDR (forms like 127.1, 0x7f.0.0.1, 2130706433 or "
                     "0177.0.0.1 are refused)",
    "not_canonical_hint": "write the address in full dotted form, e.g. 127.0.0.1",
    "host_bits": "host bits are set: {text} is not a network (its network would be {net})",
    "host_bits_hint": "write the network ({net}) or the single address ({host}) explicitly",
    "invalid_scope": "invalid --scope {text!r}",
    "two_families": "nmap scans IPv4 and IPv6 separately; the IPv6 zones need their own run with --target",
    "too_large": "{net} is larger than the allowed /{limit} per target",
    "too_large_hint": "split it into /{limit} targets or raise --max-prefix",
    "no_scope": "no authorised scope",
    "no_scope_found": "the scope is empty",
    "no_scope_hint": "pass an inventory whose zones have CIDRs, or --scope CIDR",
    "outside": "target {net} is outside the authorised scope",
    "outside_found": "{net} is not inside {scope}",
    "outside_hint": "scan only the municipality's own networks; widen --scope or the inventory's zones if it is",
    "bad_hostname": "not a valid hostname (RFC 1123, with a letter in the last label)",
    "bad_hostname_hint": "give an address, a CIDR or a host name such as srv-db01.primjer.local",
    "no_address": "the name has no address",
    "no_address_hint": "check DNS or give the address",
    "resolves_outside": "target {text} resolves outside the authorised scope",
    "resolves_outside_found": "{text} resolves to {net}, not inside {scope}",
    "resolves_outside_hint": "scan only the municipality's own addresses",
})


@dataclass(frozen=True)
class Target:
    """One validated target: what the user wrote and the canonical networks nmap gets."""

    text: str
    networks: tuple[IPNetwork, ...]


def _refuse(text: str, message: str, hint: str) -> InputError:
    return InputError(MESSAGES["invalid_target"].format(text=text),
                      [Problem(Place(item=f"--target {text!r}"), message, hint)])


def system_resolver(name: str) -> list[str]:
    """Resolve a hostname to its addresses with the system resolver (A and AAAA)."""
    try:
        infos = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(
            MESSAGES["cannot_resolve"].format(name=name),
            [Problem(Place(item=f"--target {name!r}"), MESSAGES["resolution_failed"].format(error=exc),
                     MESSAGES["resolution_hint"])],
        ) from None
    return sorted({str(info[4][0]) for info in infos})


def _looks_numeric(text: str) -> bool:
    """True for anything made only of numbers and dots: those must parse as an address or are refused."""
    head = text.split("/", 1)[0]
    parts = head.rstrip(".").split(".")
    return all(_NUMERIC_PART.match(p) for p in parts if p) or head.replace(".", "").isdigit()


def parse_network(text: str, what: str = "target", strict: bool = False) -> IPNetwork:
    """Parse an address or CIDR; refuse every nmap-only form.

    A target with host bits (``10.20.1.7/24``) is canonicalised to its network; with ``strict`` (the
    scope) host bits are an error, so ``127.0.0.1/0`` can never silently become ``0.0.0.0/0``.
    """
    if not text or text != text.strip() or text.startswith("-") or _BAD_CHARS.search(text):
        raise _refuse(text, MESSAGES["one_scope" if what == "scope" else "one_target"], MESSAGES["one_hint"])
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise _refuse(text, MESSAGES["not_canonical"], MESSAGES["not_canonical_hint"]) from None
    if strict and not _is_strict_network(text):
        host = text.split("/", 1)[0]
        raise _refuse(text, MESSAGES["host_bits"].format(text=text, net=net),
                      MESSAGES["host_bits_hint"].format(net=net, host=host))
    return net


def _is_strict_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=True)
    except ValueError:
        return False
    return True


def parse_scope(cidrs: Iterable[str]) -> list[IPNetwork]:
    """The networks of ``--scope``: strict CIDRs (host bits are an error, never widened)."""
    scope = []
    for text in cidrs:
        try:
            scope.append(parse_network(text, "scope", strict=True))
        except InputError as exc:
            problems = [Problem(Place(item=f"--scope {text!r}"), p.message, p.hint) for p in exc.problems]
            raise InputError(MESSAGES["invalid_scope"].format(text=text), problems) from None
    return sorted(set(scope), key=lambda n: (n.version, n.network_address, n.prefixlen))


def default_targets(scope: Sequence[IPNetwork]) -> tuple[list[str], str | None]:
    """Without --target the whole scope is scanned; nmap needs IPv4 and IPv6 in separate runs."""
    v4 = [str(s) for s in scope if s.version == 4]
    if v4 and len(v4) < len(scope):
        return v4, MESSAGES["two_families"]
    return [str(s) for s in scope], None


@dataclass(frozen=True)
class InventoryScope:
    """The scope an inventory authorises, and the zones it leaves out (with their kind)."""

    networks: list[IPNetwork]
    left_out: list[tuple[str, str, list[IPNetwork]]]  # (zone id, zone kind, its CIDRs)

    def left_out_text(self) -> str:
        """One line naming the zones left out, for the terminal ('' when none has CIDRs)."""
        from asset_models.i18n import DEFAULT_LANGUAGE, language_in_use, translator

        code = language_in_use()
        labels = None if code == DEFAULT_LANGUAGE else translator(code, "labels")  # English shows the zone kind code
        parts = [f"{zid} ({labels.label('zone_kind', kind) if labels else kind}: {', '.join(map(str, cidrs))})"
                 for zid, kind, cidrs in self.left_out if cidrs]
        return "; ".join(parts)


def inventory_scope(inv: Inventory) -> InventoryScope:
    """The municipality's own zones (internal, server, dmz, management, guest, iot, voip ...) make the scope.

    Zones that stand for other parties (``EXTERNAL_ZONE_KINDS``: internet, government network, cloud,
    partner) are never scanned by default, even when they carry CIDRs; they are listed as left out.
    """
    from asset_models.models import EXTERNAL_ZONE_KINDS as external
    own: set[IPNetwork] = set()
    left_out = []
    for zone in inv.zones:
        if zone.kind in external:
            left_out.append((zone.id, zone.kind.value, list(zone.cidrs)))
        else:
            own.update(zone.cidrs)
    return InventoryScope(sorted(own, key=lambda n: (n.version, n.network_address, n.prefixlen)), left_out)


def scope_from_inventory(inv: Inventory) -> list[IPNetwork]:
    """The authorised scope of an inventory: the CIDRs of the municipality's own zones only."""
    return inventory_scope(inv).networks


def _in_scope(net: IPNetwork, scope: Sequence[IPNetwork]) -> bool:
    return any(net.version == s.version and net.subnet_of(s) for s in scope)  # type: ignore[arg-type]


def _check_size(net: IPNetwork, text: str, max_v4: int, max_v6: int) -> None:
    limit = max_v4 if net.version == 4 else max_v6
    if net.prefixlen < limit:
        raise _refuse(text, MESSAGES["too_large"].format(net=net, limit=limit),
                      MESSAGES["too_large_hint"].format(limit=limit))


def validate_target(
    text: str,
    scope: Sequence[IPNetwork],
    resolver: Resolver = system_resolver,
    max_v4: int = DEFAULT_MAX_PREFIX_V4,
    max_v6: int = DEFAULT_MAX_PREFIX_V6,
) -> Target:
    """Canonicalise one target and check it against the scope (``InputError`` or ``OutOfScope``)."""
    if not scope:
        raise OutOfScope(MESSAGES["no_scope"], [Problem(Place(item="--scope"), MESSAGES["no_scope_found"],
                                                        MESSAGES["no_scope_hint"])])
    if text and not _BAD_CHARS.search(text) and not text.startswith("-") and not _looks_numeric(text) \
            and "/" not in text and ":" not in text:
        return _hostname_target(text, scope, resolver)
    net = parse_network(text)
    if not _in_scope(net, scope):
        raise OutOfScope(
            MESSAGES["outside"].format(net=net),
            [Problem(Place(item=f"--target {text!r}"),
                     MESSAGES["outside_found"].format(net=net, scope=", ".join(map(str, scope))),
                     MESSAGES["outside_hint"])],
        )
    _check_size(net, text, max_v4, max_v6)
    return Target(text, (net,))


def _hostname_target(text: str, scope: Sequence[IPNetwork], resolver: Resolver) -> Target:
    last = text.rstrip(".").rsplit(".", 1)[-1]
    if not _HOSTNAME.match(text) or not re.search(r"[A-Za-z]", last):
        raise _refuse(text, MESSAGES["bad_hostname"], MESSAGES["bad_hostname_hint"])
    addresses = resolver(text)
    if not addresses:
        raise _refuse(text, MESSAGES["no_address"], MESSAGES["no_address_hint"])
    nets = []
    for addr in addresses:
        net = ipaddress.ip_network(addr.split("%", 1)[0])
        if not _in_scope(net, scope):
            raise OutOfScope(
                MESSAGES["resolves_outside"].format(text=text),
                [Problem(Place(item=f"--target {text!r}"),
                         MESSAGES["resolves_outside_found"].format(text=text, net=net,
                                                                   scope=", ".join(map(str, scope))),
                         MESSAGES["resolves_outside_hint"])],
            )
        nets.append(net)
    return Target(text, tuple(sorted(set(nets), key=lambda n: (n.version, n.network_address))))


def validate_targets(
    texts: Sequence[str],
    scope: Sequence[IPNetwork],
    resolver: Resolver = system_resolver,
    max_v4: int = DEFAULT_MAX_PREFIX_V4,
    max_v6: int = DEFAULT_MAX_PREFIX_V6,
) -> list[IPNetwork]:
    """All targets canonical, deduplicated and sorted; the first bad one stops the run."""
    nets: set[IPNetwork] = set()
    for text in texts:
        nets.update(validate_target(text, scope, resolver, max_v4, max_v6).networks)
    return sorted(nets, key=lambda n: (n.version, n.network_address, n.prefixlen))
