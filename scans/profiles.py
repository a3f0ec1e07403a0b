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
from asset_models.i18n import Texts


class Profile(str, Enum):
    discovery = "discovery"  # which hosts are up (no port scan)
    standard = "standard"  # ports and service versions
    services = "services"  # + safe NSE scripts and, when privileged, OS detection


PROFILE_HELP = {
    Profile.discovery: "host discovery only (-sn): which addresses answer",
    Profile.standard: "TCP port scan (SYN as root, connect otherwise) with light version detection",
    Profile.services: "standard + safe NSE scripts (banner, http-title, ssl-cert, ...) + OS detection when privileged",
}

# User-facing texts of this module (English templates, read in the language in use).
MESSAGES = Texts({
    "invalid": "invalid {option}",
    "not_ports": "{text!r} is not a port list",
    "not_ports_hint": "write it like 22,80,443 or 8000-8100 (no spaces)",
    "not_range": "{text!r} is not a port range between 1 and 65535",
    "not_range_hint": "e.g. 1-1024",
    "exclusive": "--ports and --top-ports exclude each other",
    "exclusive_hint": "use one of them",
    "top_ports": "{value} is not between 1 and 65535",
    "top_ports_hint": "e.g. --top-ports 1000",
    "max_rate": "{value} packets/s is not between 1 and 100000",
    "max_rate_hint": "fragile networks (printers, OT) want 100 or less",
    "host_timeout": "{value} minutes is not between 1 and 1440",
    "host_timeout_hint": "e.g. 30",
})

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
    return InputError(MESSAGES["invalid"].format(option=option), [Problem(Place(item=option), message, hint)])


def canonical_ports(text: str) -> str:
    """Validate a port list like ``22,80,8000-8100`` and return it canonical (sorted, merged)."""
    if not _PORTS.match(text):
        raise _bad("--ports", MESSAGES["not_ports"].format(text=text), MESSAGES["not_ports_hint"])
    ranges: list[tuple[int, int]] = []
    for part in text.split(","):
        low_text, _, high_text = part.partition("-")
        low, high = int(low_text), int(high_text or low_text)
        if not (1 <= low <= high <= 65535):
            raise _bad("--ports", MESSAGES["not_range"].format(text=part), MESSAGES["not_range_hint"])
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
        raise _bad("--ports", MESSAGES["exclusive"], MESSAGES["exclusive_hint"])
    if knobs.top_ports is not None and not 1 <= knobs.top_ports <= 65535:
        raise _bad("--top-ports", MESSAGES["top_ports"].format(value=knobs.top_ports), MESSAGES["top_ports_hint"])
    if knobs.max_rate is not None and not 1 <= knobs.max_rate <= 100_000:
        raise _bad("--max-rate", MESSAGES["max_rate"].format(value=knobs.max_rate), MESSAGES["max_rate_hint"])
    if not 1 <= knobs.host_timeout_min <= 1440:
        raise _bad("--host-timeout", MESSAGES["host_timeout"].format(value=knobs.host_timeout_min),
                   MESSAGES["host_timeout_hint"])
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
