"""Unit files for a recurring scan: a systemd service + timer, and the cron line as the fallback.

Nothing is installed: the files are written where the user asks and the
commands to install them are printed. The service runs as a dedicated user
with only the capabilities nmap needs for SYN and OS scans
(``AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN`` and ``NMAP_PRIVILEGED=1``),
so nmap never runs as root. Runs never overlap: systemd does not start a
service that is still active, and lsgrisk itself holds a lock.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from asset_models.errors import InputError, Place, Problem
from asset_models.i18n import Texts
from scans.profiles import Profile

UNIT = "lsgrisk-scan"
_SAFE_PATH = re.compile(r"[A-Za-z0-9_./@+-]+")  # always fullmatch: '$' would accept a trailing newline
#: POSIX portable user name (the portable filename character set, no leading '-'), at most 32 characters
_USER = re.compile(r"[A-Za-z0-9._][A-Za-z0-9._-]{0,31}")


# User-facing texts of this module (the unit files themselves stay in English, for the administrator).
MESSAGES = Texts({
    "unsafe_workspace": "the workspace path cannot go into a unit file",
    "unsafe_store": "the store path cannot go into a unit file",
    "unsafe_program": "the lsgrisk program path cannot go into a unit file",
    "unsafe_inventory": "the inventory path cannot go into a unit file",
    "unsafe_path_found": "only letters, digits and _ . / @ + - are allowed (no spaces or quotes)",
    "unsafe_path_hint": "move it to a plain path such as /var/lib/lsgrisk",
    "bad_user": "{user!r} cannot be the user of a scheduled scan",
    "bad_user_found": "a user name is 1 to 32 of the characters A-Z a-z 0-9 . _ - , not starting with '-' and not "
                      "all digits (no spaces, newlines, ';' or quotes)",
    "bad_user_hint": "e.g. --user lsgrisk",
    "invalid": "invalid schedule",
})


class Every(str, Enum):
    daily = "daily"
    weekly = "weekly"


_CALENDAR = {Every.daily: "*-*-* 02:30:00", Every.weekly: "Sun *-*-* 02:30:00"}
_CRON = {Every.daily: "30 2 * * *", Every.weekly: "30 2 * * 0"}


@dataclass(frozen=True)
class ScheduleFiles:
    service: str
    timer: str
    cron_line: str


def _safe(path: Path, what: str) -> str:
    text = str(path)
    if not _SAFE_PATH.fullmatch(text):
        raise InputError(
            MESSAGES[f"unsafe_{what}"],
            [Problem(Place(file=text), MESSAGES["unsafe_path_found"], MESSAGES["unsafe_path_hint"])],
        )
    return text


def check_user(user: str) -> str:
    """The service user must be a POSIX portable user name: it goes into ``User=`` and the cron line."""
    if not _USER.fullmatch(user) or user.isdigit():
        raise InputError(
            MESSAGES["bad_user"].format(user=user),
            [Problem(Place(item="--user"), MESSAGES["bad_user_found"], MESSAGES["bad_user_hint"])],
        )
    return user


def lsgrisk_command() -> list[str]:
    exe = shutil.which("lsgrisk")
    return [exe] if exe else [sys.executable, "-m", "lsgrisk"]


def build_schedule(every: Every, workspace: Path, inventory: Path | None, db_path: Path, profile: str,
                   user: str = "lsgrisk") -> ScheduleFiles:
    user = check_user(user)
    if every not in _CALENDAR or profile not in {p.value for p in Profile}:
        raise InputError(MESSAGES["invalid"], [Problem(Place(item="--every/--profile"), f"{every!r}, {profile!r}")])
    ws = _safe(workspace.resolve(), "workspace")
    db = _safe(db_path.resolve(), "store")
    command = [_safe(Path(c), "program") for c in lsgrisk_command()]
    args = [*command, "scan", "run"]
    if inventory is not None:
        args.append(_safe(inventory.resolve(), "inventory"))
    args += ["--workspace", ws, "--db", db, "--profile", profile, "--plain"]
    exec_start = " ".join(args)
    service = f"""# {UNIT}.service, written by 'lsgrisk scan schedule'. Install (as root):
#   useradd --system --home {ws} --shell /usr/sbin/nologin {user}; chown -R {user}: {ws}
#   cp {UNIT}.service {UNIT}.timer /etc/systemd/system/ && systemctl daemon-reload
#   systemctl enable --now {UNIT}.timer ; systemctl list-timers {UNIT}.timer
[Unit]
Description=lsgrisk discovery scan ({every.value})
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
User={user}
Group={user}
WorkingDirectory={ws}
ExecStart={exec_start}
# nmap needs raw sockets for SYN and OS scans; give them to this user only, never run nmap as root.
AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN
CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN
# nmap checks the user id unless told that it is privileged
Environment=NMAP_PRIVILEGED=1
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=read-only
PrivateTmp=yes
ReadWritePaths={ws}
UMask=0077
Nice=10
MemoryMax=2G
TimeoutStartSec=12h
"""
    timer = f"""# {UNIT}.timer, written by 'lsgrisk scan schedule'
[Unit]
Description=Run the lsgrisk discovery scan {every.value}

[Timer]
OnCalendar={_CALENDAR[every]}
RandomizedDelaySec=30min
# after downtime, run the missed scan once at boot
Persistent=true

[Install]
WantedBy=timers.target
"""
    cron_line = (f"{_CRON[every]} {user} cd {ws} && flock -n {ws}/scans/.cron.lock {exec_start} "
                 f">> {ws}/scans/cron.log 2>&1")
    return ScheduleFiles(service, timer, cron_line)
