"""Run nmap for a validated scan and store the result.

python-nmap finds the nmap binary and its version (``nmap.PortScanner``), but
it does not run the scan: its ``scan()`` splits ``hosts`` with ``shlex`` (the
argument injection shown in the reference notes), forces ``-oX -`` into
memory and ignores nmap's exit status. Here nmap gets an argv list built from
a fixed profile and canonical targets after ``--``, writes ``-oX`` to a 0600
file in the workspace, and that file is stream-imported. Runs hold an
exclusive ``flock`` on the workspace's lock file, so they never overlap.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from asset_models.errors import EnvironmentProblem, InputError, Place, Problem, StoreLocked, ToolMissing
from asset_models.fsutil import open_private, private_dir
from asset_models.i18n import Texts
from scans.importer import archive, raw_dir
from scans.profiles import Knobs, Profile, build_args, check_knobs
from scans.store import ImportResult, ScanMeta, connect, find_scan, import_file
from scans.targets import IPNetwork

LOCK_NAME = ".lsgrisk-scan.lock"
RAW_DIR = Path("scans") / "raw"

# User-facing texts of this module (English templates, read in the language in use).
MESSAGES = Texts({
    "in_the_way": "{path} is in the way: a symbolic link or a file the tool did not create",
    "in_the_way_found": "lsgrisk never writes through a link or into a file it did not make",
    "in_the_way_hint": "remove it and run again",
    "locked": "another lsgrisk scan is running in this workspace",
    "locked_found": "the scan lock is held",
    "locked_hint": "wait for it to finish; runs never overlap",
    "no_nmap": "nmap is not installed",
    "no_nmap_hint": "install it from the OS packages: apt install nmap",
    "unprivileged": "no raw-socket privileges (not root, NMAP_PRIVILEGED unset, or --unprivileged): using a TCP "
                    "connect scan (-sT) instead of a SYN scan, and no OS detection (see docs/scans.md)",
    "mixed": "nmap scans IPv4 and IPv6 in separate runs",
    "mixed_found": "the targets mix IPv4 and IPv6 networks",
    "mixed_hint": "run once with the IPv4 --target values and once with the IPv6 ones",
    "nothing": "nothing to scan",
    "nothing_found": "no target",
    "nothing_hint": "give --target",
    "exit_status": "nmap exited with status {status}; the scan is kept and marked incomplete",
    "status_only": "exit status {status}",
    "did_not_run": "nmap did not run: {message}",
    "did_not_run_hint": "check the nmap installation and privileges (docs/scans.md)",
})


def _open_own(path: Path, flags: int, exclusive: bool = False) -> int:
    """Open a file of the workspace without following a planted symbolic link (an environment problem)."""
    try:
        return open_private(path, flags, exclusive)
    except (FileExistsError, OSError) as exc:
        if isinstance(exc, FileExistsError) or exc.errno == errno.ELOOP:
            raise EnvironmentProblem(
                MESSAGES["in_the_way"].format(path=path),
                [Problem(Place(file=str(path)), MESSAGES["in_the_way_found"])],
                hint=MESSAGES["in_the_way_hint"],
            ) from None
        raise


@contextlib.contextmanager
def workspace_lock(workspace: Path) -> Iterator[Path]:
    """Hold the workspace's scan lock (``StoreLocked`` when another run holds it).

    The workspace and its ``scans`` folder are made owner-only (0700); the lock file is opened with
    ``O_NOFOLLOW``, so a symbolic link planted in its place is refused instead of followed.
    """
    private_dir(workspace)
    lock_path = private_dir(workspace / "scans") / LOCK_NAME
    fd = _open_own(lock_path, os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreLocked(
                MESSAGES["locked"],
                [Problem(Place(file=str(lock_path)), MESSAGES["locked_found"])],
                hint=MESSAGES["locked_hint"],
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield lock_path
    finally:
        os.close(fd)  # closing releases the flock


@dataclass(frozen=True)
class NmapBinary:
    path: str
    version: str


def find_nmap() -> NmapBinary:
    """Locate nmap and its version through python-nmap (``ToolMissing`` when absent)."""
    import nmap  # python-nmap; imported here so that the rest of the package works without it

    try:
        scanner = nmap.PortScanner()
    except nmap.PortScannerError:
        raise ToolMissing(MESSAGES["no_nmap"], hint=MESSAGES["no_nmap_hint"]) from None
    major, minor = scanner.nmap_version()
    return NmapBinary(str(scanner._nmap_path), f"{major}.{minor}")


def is_privileged() -> bool:
    """Root, or a service user that was given raw-socket capabilities and NMAP_PRIVILEGED=1."""
    return os.geteuid() == 0 or os.environ.get("NMAP_PRIVILEGED", "") not in ("", "0")


@dataclass
class RunRequest:
    workspace: Path
    db_path: Path
    targets: Sequence[IPNetwork]
    scope: Sequence[IPNetwork]
    profile: Profile = Profile.standard
    knobs: Knobs = field(default_factory=Knobs)
    privileged: bool | None = None  # None: detect


@dataclass
class RunResult:
    scan: ImportResult
    raw_path: Path
    argv: list[str]
    returncode: int
    notes: list[str]
    interrupted: bool = False


def build_argv(binary: NmapBinary, request: RunRequest, xml_path: Path, privileged: bool) -> list[str]:
    argv = [binary.path, *build_args(request.profile, request.knobs, privileged)]
    if privileged and os.geteuid() != 0:
        argv.append("--privileged")
    argv += ["--stats-every", "10s", "--no-stylesheet", "-oX", str(xml_path), "--"]
    argv += [str(t) for t in request.targets]
    if any(t.version == 6 for t in request.targets):
        argv.insert(1, "-6")
    return argv


def _drain(stream: IO[str], sink: list[str]) -> None:
    for line in stream:
        sink.append(line.rstrip("\n"))


def _run_nmap(argv: list[str], progress: Callable[[str], None]) -> tuple[int, list[str], bool]:
    """Run nmap; stdout lines with progress go to ``progress``; stderr is drained in a thread."""
    errors: list[str] = []
    interrupted = False
    with subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, bufsize=1, env={**os.environ, "LC_ALL": "C"}) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        drain = threading.Thread(target=_drain, args=(proc.stderr, errors), daemon=True)
        drain.start()
        try:
            for line in proc.stdout:
                text = line.strip()
                if text.startswith("Stats:") or "% done" in text or text.startswith("Nmap done"):
                    progress(text)
            returncode = proc.wait()
        except KeyboardInterrupt:
            interrupted = True  # pass the interrupt on (a terminal sent it already) and let nmap write what it has
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGINT)
            try:
                returncode = proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                returncode = proc.wait()
        drain.join(timeout=5)
    return returncode, errors, interrupted


@dataclass(frozen=True)
class ScanPlan:
    """What a run would do, worked out without touching the workspace (``scan run --dry-run`` prints it)."""

    binary: NmapBinary
    privileged: bool
    argv: list[str]
    notes: list[str]


def running_xml(workspace: Path) -> Path:
    """Where nmap writes its XML during a run (renamed into the archive once stored)."""
    return workspace / RAW_DIR / f".running-{os.getpid()}.xml"


def plan_scan(request: RunRequest) -> ScanPlan:
    """Check the request (targets, knobs, nmap) and build the exact argv; nothing is written or run."""
    check_request(request)
    binary = find_nmap()
    privileged = is_privileged() if request.privileged is None else request.privileged
    notes: list[str] = []
    if not privileged and request.profile is not Profile.discovery:
        notes.append(MESSAGES["unprivileged"])
    argv = build_argv(binary, request, running_xml(request.workspace), privileged)
    return ScanPlan(binary, privileged, argv, notes)


def check_request(request: RunRequest) -> None:
    """Everything that can be wrong with a request before nmap is looked for or a file is made."""
    check_knobs(request.knobs)
    if len({t.version for t in request.targets}) > 1:
        raise InputError(MESSAGES["mixed"], [Problem(Place(item="--target"), MESSAGES["mixed_found"],
                                                     MESSAGES["mixed_hint"])])
    if not request.targets:
        raise InputError(MESSAGES["nothing"], [Problem(Place(item="--target"), MESSAGES["nothing_found"],
                                                       MESSAGES["nothing_hint"])])


def run_scan(request: RunRequest, progress: Callable[[str], None] = lambda _line: None) -> RunResult:
    """Scan the validated targets with a fixed profile, archive the XML and import it (one transaction)."""
    plan = plan_scan(request)
    binary, privileged, notes = plan.binary, plan.privileged, list(plan.notes)
    with workspace_lock(request.workspace):
        con = connect(request.db_path)
        try:
            raw_dir(request.workspace)  # created (0700) before nmap writes into it
            xml_path = running_xml(request.workspace)
            xml_path.unlink(missing_ok=True)
            os.close(_open_own(xml_path, os.O_WRONLY, exclusive=True))
            argv = build_argv(binary, request, xml_path, privileged)
            returncode, errors, interrupted = _run_nmap(argv, progress)
            _check_output(xml_path, returncode, errors)
            if returncode != 0:
                notes.append(MESSAGES["exit_status"].format(status=returncode))
            # archived by content before anything is committed: a full disk stores nothing, a retry repairs
            raw, digest, written = archive(request.workspace, xml_path)
            xml_path.unlink(missing_ok=True)
            meta = ScanMeta(source="run", profile=request.profile.value, scope=[str(s) for s in request.scope],
                            targets=[str(t) for t in request.targets], raw_path=str(raw), file_name=str(raw))
            try:
                result = import_file(con, raw, meta, digest=digest)
            except BaseException:
                if written and find_scan(con, digest) is None:
                    raw.unlink(missing_ok=True)  # refused or interrupted: no scan refers to this copy
                raise
            final = raw
            if result.added and returncode != 0 and result.complete:
                con.execute("UPDATE scans SET complete = 0 WHERE id = ?", (result.scan_id,))
                result.complete = False
        finally:
            con.close()
    return RunResult(result, final, argv, returncode, notes + result.warnings, interrupted)


def _check_output(xml_path: Path, returncode: int, errors: list[str]) -> None:
    """nmap that wrote no scan at all (bad options, no privileges) is an environment problem."""
    size = xml_path.stat().st_size
    if size == 0:
        xml_path.unlink(missing_ok=True)
        message = ("; ".join(line for line in errors if line.strip())
                   or MESSAGES["status_only"].format(status=returncode))
        raise EnvironmentProblem(MESSAGES["did_not_run"].format(message=message), hint=MESSAGES["did_not_run_hint"])
