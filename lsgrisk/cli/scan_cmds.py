"""``lsgrisk scan ...``: run, import, list, diff, reconcile, schedule (thin: stage calls and printing)."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from asset_models.dburl import server_url
from asset_models.errors import InputError, OutOfScope, Place, Problem, UsageProblem
from asset_models.fsutil import atomic_write_text, ensure_dir
from asset_models.i18n import Texts
from lsgrisk.cli.common import EXIT_FINDINGS, echo, echo_err, t, terminal_text
from scans.diff import default_pair, diff_scans, diff_to_json, diff_to_text
from scans.importer import Outcome, import_files, summary_error
from scans.profiles import PROFILE_HELP, Knobs, Profile
from scans.runner import RunRequest, check_request, plan_scan, run_scan, workspace_lock
from scans.schedule import UNIT, Every, build_schedule
from scans.sqlerrors import store_errors
from scans.store import ScanRow, default_db, list_scans, open_existing, ports_scanned, scan_networks
from scans.targets import (
    DEFAULT_MAX_PREFIX_V4,
    DEFAULT_MAX_PREFIX_V6,
    default_targets,
    inventory_scope,
    parse_scope,
    validate_targets,
)

if TYPE_CHECKING:
    from asset_models.models import Inventory

_WORKSPACE = click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path),
                          help="Workspace directory (store, raw XML, lock). Default: LSGRISK_WORKSPACE, else the "
                               "store's folder (--db), else the inventory's folder; never the source tree.")
_DB = click.option("--db", "--store", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                   help="Scan store: an SQLite file, or a PostgreSQL server as postgresql://user@host/db "
                        "(password in PGPASSWORD or ~/.pgpass). Default: WORKSPACE/lsgrisk-scans.db.")
_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
_SCAN_ID = click.IntRange(1, (1 << 63) - 1)  # SQLite's integer range: a larger id is a usage error, not a crash

# User-facing texts of the scan commands (English templates, read in the language of the run).
MESSAGES = Texts({
    "refused": "{path}: refused: {message}",
    "warning": "warning: {text}",
    "note": "note: {text}",
    "complete": "complete",
    "incomplete": "INCOMPLETE",
    "col_id": "id",
    "col_source": "source",
    "col_profile": "profile",
    "col_started": "started",
    "col_hosts": "hosts",
    "col_state": "state",
    "col_file": "file",
    "source_import": "import",
    "source_run": "run",
    "list_state_complete": "complete",
    "list_state_truncated": "truncated",
    "list_state_incomplete": "incomplete({status})",
    "one_id": "give both OLD and NEW scan ids, or neither",
    "one_id_found": "only one scan id given",
    "one_id_hint": "lsgrisk scan diff 3 7",
    "no_complete": "no complete scan to compare with",
    "no_complete_found": "the store holds no complete scan",
    "no_complete_hint": "run 'lsgrisk scan run' or pass --scan ID",
    "wrote_patch": "wrote {path} (a proposal to review; the inventory was not changed)",
    "nmap_starting": "nmap is starting ...",
    "left_out": "left out of the scope (other parties' networks, never scanned by default): {zones}",
    "no_scope": "no authorised scope for the scan",
    "no_scope_found": "give an inventory whose own zones (internal, server, dmz ...) have CIDRs, or --scope CIDR",
    "dry_scope": "scope: {networks}",
    "dry_left_out": "left out: {zones}",
    "dry_targets": "targets: {networks}",
    "dry_command": "nmap command: {command}",
    "dry_run_done": "dry run: nothing was run and nothing was written",
    "scanning": "scanning {networks} with profile {profile}",
    "interrupted": "Interrupted: the hosts nmap finished are stored, marked incomplete.",
    "wrote": "wrote {path}",
    "install": "Install: {command}",
    "cron": "Without systemd, put this line in /etc/cron.d/lsgrisk-scan (flock -n skips a run while one is busy):",
}, plurals={
    "imported": ("{path}: imported as scan {scan_id} ({hosts} host, {state})",
                 "{path}: imported as scan {scan_id} ({hosts} hosts, {state})"),
    "already": ("{path}: already stored as scan {scan_id} ({hosts} host, {state})",
                "{path}: already stored as scan {scan_id} ({hosts} hosts, {state})"),
    "progress": ("  {name}: {hosts} host ...", "  {name}: {hosts} hosts ..."),
    "ran": ("scan {scan_id}: {hosts} host, {state}; raw XML {raw}",
            "scan {scan_id}: {hosts} hosts, {state}; raw XML {raw}"),
})
#: the columns of 'scan list' (text): message key and the least width (English keeps its old layout)
_LIST_COLUMNS = (("col_id", 4), ("col_source", 6), ("col_profile", 9), ("col_started", 20), ("col_hosts", 6),
                 ("col_state", 10))


def load_inventory(path: Path, *args: Any, **kwargs: Any) -> Inventory:
    """The inventory loader, imported on first use: 'scan import', 'list' and 'diff' start without it."""
    from asset_models.loaders import load_inventory as load

    return load(path, *args, **kwargs)


WORKSPACE_ENV = "LSGRISK_WORKSPACE"
#: the folder that holds the lsgrisk packages: a checkout (with setup.cfg) or an installation
_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def _inside_source_tree(path: Path) -> bool:
    if not (_SOURCE_ROOT / "setup.cfg").is_file() and not (_SOURCE_ROOT / "lsgrisk" / "__init__.py").is_file():
        return False
    try:
        path.resolve().relative_to(_SOURCE_ROOT)
    except ValueError:
        return False
    return True


def _workspace(workspace: Path | None, inventory: Path | None = None, *, db_path: Path | None = None,
               writes: bool = False) -> Path:
    """Where the store, the raw XML and the lock live: --workspace, LSGRISK_WORKSPACE, the store's folder,
    the inventory's folder. A command that writes never falls back to the current directory and never
    writes into the tool's own source tree (examples/ included)."""
    if workspace is not None:
        return workspace
    env = os.environ.get(WORKSPACE_ENV, "").strip()
    if env:
        return Path(env)
    if db_path is not None and server_url(db_path) is None:  # a server store has no folder
        return db_path.parent
    if inventory is not None:
        ws = inventory.parent
    elif writes:
        raise UsageProblem(t("no workspace given"),
                           hint=t("pass --workspace DIR (or set LSGRISK_WORKSPACE), or give the inventory"))
    else:
        ws = Path.cwd()
    if writes and _inside_source_tree(ws):
        raise UsageProblem(t("the workspace {path} is inside lsgrisk's own files", path=terminal_text(str(ws))),
                           hint=t("pass --workspace DIR (or set LSGRISK_WORKSPACE) outside the source tree"))
    return ws


def _db(db_path: Path | None, workspace: Path) -> Path:
    return db_path if db_path is not None else default_db(workspace)


@contextlib.contextmanager
def _progress(plain: bool) -> Iterator[Callable[[str], None]]:
    """nmap's --stats-every lines: a live status line on a terminal, plain lines otherwise (cron, journald)."""
    if plain or not sys.stderr.isatty():
        yield lambda line: echo_err(f"  {line}")
        return
    from rich.console import Console  # loaded only for a live status line

    console = Console(stderr=True)
    with console.status(MESSAGES["nmap_starting"]) as status:
        yield lambda line: status.update(line)


def _when(epoch: int | None) -> str:
    return "-" if epoch is None else datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d %H:%M:%SZ")


@click.group(name="scan")
def scan() -> None:
    """Discovery scans with nmap: run, import, list, diff, reconcile with the inventory, schedule.

    \b
    Example:
      lsgrisk scan run inventory.yaml --profile standard
      lsgrisk scan diff
    Targets must lie inside the inventory's zone CIDRs (or --scope); options come from fixed profiles.
    """


@scan.command()
@click.argument("inventory", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--scope", "scopes", multiple=True, metavar="CIDR",
              help="Authorised networks (repeatable). Default: the inventory's zone CIDRs.")
@click.option("--target", "-t", "targets", multiple=True, metavar="T",
              help="Address, CIDR or hostname to scan (repeatable). Default: the whole scope.")
@click.option("--profile", "-p", type=click.Choice([p.value for p in Profile]), default="standard", show_default=True,
              help="; ".join(f"{p.value}: {h}" for p, h in PROFILE_HELP.items()))
@click.option("--ports", help="Only these TCP ports, e.g. 22,80,8000-8100.")
@click.option("--top-ports", type=int, help="The N most common ports (nmap's default is 1000).")
@click.option("--max-rate", type=int, help="At most N packets per second (fragile networks: 100 or less).")
@click.option("--host-timeout", type=int, default=30, show_default=True, help="Give up on a host after N minutes.")
@click.option("--max-prefix", type=click.IntRange(8, 32), default=DEFAULT_MAX_PREFIX_V4, show_default=True,
              help="Largest IPv4 target allowed, as a prefix length.")
@click.option("--max-prefix6", type=click.IntRange(64, 128), default=DEFAULT_MAX_PREFIX_V6, show_default=True,
              help="Largest IPv6 target allowed, as a prefix length.")
@click.option("--unprivileged", is_flag=True, help="Use a TCP connect scan even when running privileged.")
@click.option("--with-vulners", is_flag=True,
              help="services profile: add the vulners script (sends CPEs to vulners.com).")
@click.option("--plain", is_flag=True, help="Plain progress lines (for cron and journald).")
@click.option("--dry-run", is_flag=True,
              help="Print the scope and the exact nmap command, then stop: nothing is run or written.")
@_WORKSPACE
@_DB
def run(inventory: Path | None, scopes: tuple[str, ...], targets: tuple[str, ...], profile: str, ports: str | None,
        top_ports: int | None, max_rate: int | None, host_timeout: int, max_prefix: int, max_prefix6: int,
        unprivileged: bool, with_vulners: bool, plain: bool, dry_run: bool, workspace: Path | None,
        db_path: Path | None) -> None:
    """Scan authorised targets with nmap, archive the XML and store the result.

    \b
    Example:
      lsgrisk scan run inventory.yaml --dry-run          # show scope and nmap command only
      lsgrisk scan run inventory.yaml --profile standard
      lsgrisk scan run --scope 10.20.0.0/16 --target 10.20.10.0/24 --max-rate 100
    The inventory's scope is its own zones only (never internet, government, cloud or partner zones).
    Exit 3 for a malformed target or option, 4 for one outside the scope or when another scan is running.
    """
    left_out = ""
    if scopes:
        scope = parse_scope(scopes)
    elif inventory is not None:
        own = inventory_scope(load_inventory(inventory))
        scope, left_out = own.networks, own.left_out_text()
    else:
        scope = []
    if left_out:
        echo_err(MESSAGES["note"].format(text=MESSAGES["left_out"].format(zones=left_out)))
    if not scope:
        raise OutOfScope(MESSAGES["no_scope"], [Problem(Place(item="--scope"), MESSAGES["no_scope_found"])])
    texts, note = (list(targets), None) if targets else default_targets(scope)
    if note:
        echo_err(MESSAGES["note"].format(text=note))
    nets = validate_targets(texts, scope, max_v4=max_prefix, max_v6=max_prefix6)
    ws = _workspace(workspace, inventory, db_path=db_path, writes=not dry_run)  # created (0700) only for a real run
    request = RunRequest(
        workspace=ws, db_path=_db(db_path, ws), targets=nets, scope=scope, profile=Profile(profile),
        knobs=Knobs(ports, top_ports, max_rate, host_timeout, with_vulners),
        privileged=False if unprivileged else None,
    )
    if dry_run:
        plan = plan_scan(request)  # checks every option; writes nothing, runs nothing
        click.echo(terminal_text(MESSAGES["dry_scope"].format(networks=", ".join(map(str, scope)))))
        if left_out:
            click.echo(terminal_text(MESSAGES["dry_left_out"].format(zones=left_out)))
        click.echo(terminal_text(MESSAGES["dry_targets"].format(networks=", ".join(map(str, nets)))))
        click.echo(terminal_text(MESSAGES["dry_command"].format(command=shlex.join(plan.argv))))
        for line in plan.notes:
            echo_err(MESSAGES["note"].format(text=line))
        echo_err(MESSAGES["dry_run_done"])
        return
    check_request(request)  # a bad option stops here, before the workspace is touched
    echo_err(MESSAGES["scanning"].format(networks=", ".join(map(str, nets)), profile=profile))
    with _progress(plain) as show:
        result = run_scan(request, progress=show)
    for note in result.notes:
        echo_err(MESSAGES["note"].format(text=note))
    state = MESSAGES["complete"] if result.scan.complete else MESSAGES["incomplete"]
    click.echo(terminal_text(MESSAGES.n("ran", result.scan.hosts).format(
        scan_id=result.scan.scan_id, hosts=result.scan.hosts, state=state, raw=result.raw_path)))
    if result.interrupted:
        echo_err(MESSAGES["interrupted"])
        raise click.exceptions.Exit(130)


@scan.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--scope", "scopes", multiple=True, metavar="CIDR", help="Record these networks as the scan's scope.")
@_WORKSPACE
@_DB
def import_cmd(files: tuple[Path, ...], scopes: tuple[str, ...], workspace: Path | None, db_path: Path | None) -> None:
    """Import nmap XML files (made with nmap -oX elsewhere) into the store.

    \b
    Example:
      lsgrisk scan import weekly-2026-11-22.xml --scope 10.20.0.0/16
    Streaming and hardened; a truncated file keeps its complete hosts, marked incomplete.
    The same file twice adds nothing.
    A refused file is named and skipped; the others are imported, then exit 3 with a summary.
    """
    scope = [str(s) for s in parse_scope(scopes)]
    ws = ensure_dir(_workspace(workspace, db_path=db_path, writes=True))
    outcomes: list[Outcome] = []
    with workspace_lock(ws):
        for outcome in import_files(ws, _db(db_path, ws), files, scope, progress=_import_progress):
            outcomes.append(outcome)
            _print_outcome(outcome)
    error = summary_error(outcomes)
    if error is not None:
        raise error


def _print_outcome(outcome: Outcome) -> None:
    if outcome.refused is not None:
        echo_err(MESSAGES["refused"].format(path=outcome.path, message=outcome.refused.message))
        return
    result = outcome.result
    assert result is not None
    for warning in result.warnings:
        echo_err(MESSAGES["warning"].format(text=warning))
    state = MESSAGES["complete"] if result.complete else MESSAGES["incomplete"]
    key = "imported" if result.added else "already"
    click.echo(terminal_text(MESSAGES.n(key, result.hosts).format(path=outcome.path, scan_id=result.scan_id,
                                                                  hosts=result.hosts, state=state)))


def _import_progress(name: str, hosts: int) -> None:
    if hosts % 10_000 == 0:
        echo_err(MESSAGES.n("progress", hosts).format(name=name, hosts=hosts))


def _row_dict(row: ScanRow, networks: dict[str, list[str]]) -> dict[str, object]:
    document = asdict(row)
    document.update(networks)
    return document


@scan.command(name="list")
@_FORMAT
@_WORKSPACE
@_DB
def list_cmd(fmt: str, workspace: Path | None, db_path: Path | None) -> None:
    """List the stored scans.

    \b
    Example:
      lsgrisk scan list --format json
    """
    path = _db(db_path, _workspace(workspace, db_path=db_path))
    con = open_existing(path)
    try:
        with store_errors(path):
            rows = list_scans(con)
            if fmt == "json":
                document = [_row_dict(r, {"scope": scan_networks(con, r.id, "scope"),
                                          "targets": scan_networks(con, r.id, "target"),
                                          "excluded": scan_networks(con, r.id, "exclude")}) for r in rows]
                click.echo(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True))
                return
    finally:
        con.close()
    for line in _list_lines(rows):
        click.echo(terminal_text(line))


def _list_lines(rows: list[ScanRow]) -> list[str]:
    """'scan list' as text: a header in the language of the run, columns as wide as their header needs."""
    heads = [MESSAGES[key] for key, _least in _LIST_COLUMNS]
    w = [max(least, len(head)) for (_key, least), head in zip(_LIST_COLUMNS, heads, strict=True)]

    def line(cells: list[object], file: str) -> str:
        return (f"{cells[0]:>{w[0]}}  {cells[1]:{w[1]}}  {cells[2]:{w[2]}}  {cells[3]:{w[3]}}  {cells[4]:>{w[4]}}  "
                f"{cells[5]:{w[5]}}  {file}")

    lines = [line(list(heads), MESSAGES["col_file"])]
    for r in rows:
        if r.complete:
            state = MESSAGES["list_state_complete"]
        elif r.truncated:
            state = MESSAGES["list_state_truncated"]
        else:
            state = MESSAGES["list_state_incomplete"].format(status=r.exit_status or "-")
        source = MESSAGES.get(f"source_{r.source}", r.source)
        lines.append(line([r.id, source, r.profile or "-", _when(r.started), r.host_count, state], r.file_name))
    return lines


@scan.command()
@click.argument("old", required=False, type=_SCAN_ID)
@click.argument("new", required=False, type=_SCAN_ID)
@_FORMAT
@_WORKSPACE
@_DB
@click.pass_context
def diff(ctx: click.Context, old: int | None, new: int | None, fmt: str, workspace: Path | None,
         db_path: Path | None) -> None:
    """Compare two scans (default: the last two complete ones). Exit 0 no difference, 1 differences.

    \b
    Example:
      lsgrisk scan diff            # the last two complete scans
      lsgrisk scan diff 3 7 --format json
    """
    path = _db(db_path, _workspace(workspace, db_path=db_path))
    con = open_existing(path)
    try:
        if old is None or new is None:
            if old is not None:
                raise InputError(MESSAGES["one_id"], [Problem(Place(item="scan diff"), MESSAGES["one_id_found"],
                                                              MESSAGES["one_id_hint"])])
            with store_errors(path):
                old, new = default_pair(con, path)
        with store_errors(path):
            result = diff_scans(con, path, old, new)
    finally:
        con.close()
    echo(diff_to_json(result) if fmt == "json" else diff_to_text(result), nl=False)  # hosts' text escaped
    if result.has_differences:
        ctx.exit(EXIT_FINDINGS)


@scan.command(name="reconcile")
@click.argument("inventory", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--scan", "scan_id", type=_SCAN_ID, help="Scan id (default: the latest complete scan).")
@click.option("--write", "write_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a proposed inventory patch (YAML) here, for review.")
@_FORMAT
@_WORKSPACE
@_DB
@click.pass_context
def reconcile_cmd(ctx: click.Context, inventory: Path, scan_id: int | None, write_path: Path | None, fmt: str,
                  workspace: Path | None, db_path: Path | None) -> None:
    """Compare a scan with the inventory: unknown hosts, assets not seen, undeclared ports, versions.

    \b
    Example:
      lsgrisk scan reconcile inventory.yaml --write proposed-changes.yaml
    Exit 0 when scan and inventory agree, 1 when they differ. The inventory is never edited.
    """
    from scans.reconcile import proposed_patch, reconcile, to_json, to_text
    from scans.snapshot import latest_complete_snapshot, load_snapshot

    inv = load_inventory(inventory)
    path = _db(db_path, _workspace(workspace, inventory, db_path=db_path))
    snap = load_snapshot(path, scan_id) if scan_id is not None else latest_complete_snapshot(path)
    if snap is None:
        raise InputError(MESSAGES["no_complete"], [Problem(Place(file=str(path)), MESSAGES["no_complete_found"],
                                                           MESSAGES["no_complete_hint"])])
    con = open_existing(path)
    try:
        with store_errors(path):
            scanned = ports_scanned(con, snap.scan_id)
    finally:
        con.close()
    result = reconcile(inv, snap, snap.scope, scanned)
    echo(to_json(result) if fmt == "json" else to_text(result), nl=False)  # hosts' text escaped
    if write_path is not None:
        atomic_write_text(write_path, proposed_patch(result, snap))
        echo_err(MESSAGES["wrote_patch"].format(path=write_path))
    if result.has_differences:
        ctx.exit(EXIT_FINDINGS)


@scan.command()
@click.option("--every", type=click.Choice([e.value for e in Every]), required=True)
@click.option("--inventory", type=click.Path(dir_okay=False, path_type=Path),
              help="Inventory whose zone CIDRs are the scope.")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the unit files. Default: WORKSPACE/scans/systemd.")
@click.option("--profile", type=click.Choice([p.value for p in Profile]), default="standard", show_default=True)
@click.option("--user", default="lsgrisk", show_default=True, help="Dedicated system user that runs the scan.")
@_WORKSPACE
@_DB
def schedule(every: str, inventory: Path | None, output: Path | None, profile: str, user: str,
             workspace: Path | None, db_path: Path | None) -> None:
    """Write a systemd service + timer for a recurring scan and print the cron fallback. Installs nothing.

    \b
    Example:
      lsgrisk scan schedule --every weekly --inventory /var/lib/lsgrisk/inventory.yaml
    """
    if inventory is not None:
        load_inventory(inventory)
    ws = _workspace(workspace, inventory, db_path=db_path, writes=True)
    files = build_schedule(Every(every), ws, inventory, _db(db_path, ws), profile, user)
    out = ensure_dir(output if output is not None else ws / "scans" / "systemd")
    for name, text in ((f"{UNIT}.service", files.service), (f"{UNIT}.timer", files.timer)):
        atomic_write_text(out / name, text)
        click.echo(terminal_text(MESSAGES["wrote"].format(path=out / name)))
    click.echo(terminal_text(MESSAGES["install"].format(
        command=f"sudo cp {out}/{UNIT}.service {out}/{UNIT}.timer /etc/systemd/system/ && "
                f"sudo systemctl daemon-reload && sudo systemctl enable --now {UNIT}.timer")))
    click.echo(MESSAGES["cron"])
    click.echo(files.cron_line)


def register(group: click.Group) -> None:
    group.add_command(scan)
