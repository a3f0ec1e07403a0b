"""Fixed, named scan profiles built as argv lists, plus the few vetted knobs.

No free-form nmap options exist anywhere: a profile is a constant list, each
knob is a validated number rendered by us. Scripts are a fixed, safe set
(no ``intrusive``, ``brute``, ``dos``, ``exploit``); ``vulners`` sends CPEs to
vulners.com, so it is only added when asked for (``with_vulners``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from asset_models.errors import InputError, Place, Problem


class Profile(str, Enum):
    discovery = "discovery"  # which hosts are up (no port scan)
    standard = "standard"  # ports and service versions
    services = "services"  # + safe NSE scripts and, when privileged, OS detection


PROFILE_HELP = {
    Profile.discovery: "host discovery only (-sn): which addresses answer",
    Profile.standard: "TCP port scan (SYN as root, connect otherwise) with light version detection",
    Profile.services: "standard + safe NSE scripts (banner, http-title, ssl-cert, ...) + OS detection when privileged",
}

SAFE_SCRIPTS = "banner,http-title,http-server-header,ssl-cert,smb-os-discovery,ssh-hostkey"

_PORTS = re.compile(r"^\d{1,5}(-\d{1,5})?(,\d{1,5}(-\d{1,5})?)*$")


@dataclass(frozen=True)
class Knobs:
    """The vetted tuning options; every value is checked and rendered by :func:`build_args`."""

    ports: str | None = None  # "22,80,8000-8100"
    top_ports: int | None = None
    max_rate: int | None = None  # packets per second
    host_timeout_min: int = 30
    with_vulners: bool = False


def _bad(option: str, message: str, hint: str) -> InputError:
    return InputError(f"invalid {option}", [Problem(Place(item=option), message, hint)])


def canonical_ports(text: str) -> str:
    """Validate a port list like ``22,80,8000-8100`` and return it canonical (sorted, merged)."""
    if not _PORTS.match(text):
        raise _bad("--ports", f"{text!r} is not a port list", "write it like 22,80,443 or 8000-8100 (no spaces)")
    ranges: list[tuple[int, int]] = []
    for part in text.split(","):
        low_text, _, high_text = part.partition("-")
        low, high = int(low_text), int(high_text or low_text)
        if not (1 <= low <= high <= 65535):
            raise _bad("--ports", f"{part!r} is not a port range between 1 and 65535", "e.g. 1-1024")
        ranges.append((low, high))
    ranges.sort()
    merged: list[list[int]] = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in merged)


def check_knobs(knobs: Knobs) -> Knobs:
    if knobs.ports is not None and knobs.top_ports is not None:
        raise _bad("--ports", "--ports and --top-ports exclude each other", "use one of them")
    if knobs.top_ports is not None and not 1 <= knobs.top_ports <= 65535:
        raise _bad("--top-ports", f"{knobs.top_ports} is not between 1 and 65535", "e.g. --top-ports 1000")
    if knobs.max_rate is not None and not 1 <= knobs.max_rate <= 100_000:
        raise _bad("--max-rate", f"{knobs.max_rate} packets/s is not between 1 and 100000",
                   "fragile networks (printers, OT) want 100 or less")
    if not 1 <= knobs.host_timeout_min <= 1440:
        raise _bad("--host-timeout", f"{knobs.host_timeout_min} minutes is not between 1 and 1440", "e.g. 30")
    ports = canonical_ports(knobs.ports) if knobs.ports is not None else None
    return Knobs(ports, knobs.top_ports, knobs.max_rate, knobs.host_timeout_min, knobs.with_vulners)


def build_args(profile: Profile, knobs: Knobs, privileged: bool) -> list[str]:
    """nmap options (without targets or outputs) for a profile; connect scan when not privileged."""
    knobs = check_knobs(knobs)
    args: list[str] = ["-n", "-T3", "--max-retries", "2", "--host-timeout", f"{knobs.host_timeout_min}m", "--reason"]
    if profile is Profile.discovery:
        args.append("-sn")
    else:
        args.append("-sS" if privileged else "-sT")
        if knobs.ports is not None:
            args += ["-p", knobs.ports]
        elif knobs.top_ports is not None:
            args += ["--top-ports", str(knobs.top_ports)]
        args += ["-sV", "--version-intensity", "5" if profile is Profile.services else "2"]
    if profile is Profile.services:
        scripts = SAFE_SCRIPTS + (",vulners" if knobs.with_vulners else "")
        args += ["--script", scripts, "--script-timeout", "2m"]
        if privileged:
            args += ["-O", "--osscan-limit"]
    if knobs.max_rate is not None:
        args += ["--max-rate", str(knobs.max_rate)]
    return args
