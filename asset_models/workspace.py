"""A new workspace: an inventory.yaml skeleton and an inventory.xlsx template."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from asset_models.errors import UsageProblem
from asset_models.fsutil import atomic_write_bytes, atomic_write_text, ensure_dir
from asset_models.models import Inventory
from asset_models.vocabulary import CORE_MEASURE_KEYS
from asset_models.xlsx import workbook_bytes

_PREFIXES = ("opština ", "opstina ", "glavni grad ", "prijestonica ", "municipality of ")


def derive_code(name: str) -> str:
    """'Opština Herceg Novi' -> 'HERCEG-NOVI' (ASCII, for file names and document numbers)."""
    text = name.strip()
    for prefix in _PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
            break
    text = text.replace("đ", "dj").replace("Đ", "Dj")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    code = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").upper()
    return code or "LSG"


def skeleton_yaml(name: str, code: str, measures: Sequence[tuple[str, str]] | None = None) -> str:
    """A valid, commented inventory to start from; ``measures`` are (key, title) pairs, every one written."""
    quoted = json.dumps(name, ensure_ascii=False)
    pairs = measures if measures is not None else [(key, "") for key in sorted(CORE_MEASURE_KEYS)]
    width = max((len(key) for key, _ in pairs), default=0) + 5
    lines = []
    for key, title in pairs:
        line = f"  {key}: no"
        lines.append(f"{line:<{width}}  # {title}" if title else line)
    measure_lines = "\n".join(lines) + "\n"
    return f"""# lsgrisk inventory, format version 1
# Fill in the sections below, then run:  lsgrisk validate inventory.yaml
# Editors that support JSON Schema can check this file as you type: lsgrisk schema -o inventory.schema.json
# Every id must be unique; references (zone, runs_on, stored_on, uses ...) name ids defined in this file.
version: 1

municipality:
  name: {quoted}
  code: {code}
  country: ME
  entity_class: unknown        # key | important | other | unknown (under the Law on Information Security)
  # employees: 150
  # it_staff: 2
  # units: [Sekretarijat za finansije, Služba za zajedničke poslove]
  # security_officer: {{name: Ime Prezime, email: bezbjednost@example.me, phone: "+382 ..."}}
  # head: {{title: Predsjednik opštine, name: Ime Prezime}}

zones:                         # network segments and outside parties
  - {{id: internet, kind: internet}}
  # - {{id: gsb, kind: government_network, name: Government Service Bus}}
  # - {{id: lan, kind: internal, cidrs: [10.20.1.0/24], vlan: 10}}
  # - {{id: servers, kind: server, cidrs: [10.20.10.0/24]}}
  # - {{id: wifi-guest, kind: guest, cidrs: [10.20.50.0/24]}}

zone_flows: []                 # what the firewalls allow; everything else is denied
  # - {{from: lan, to: servers, ports: [tcp/445, tcp/443]}}
  # - {{from: internet, to: dmz, ports: [tcp/443]}}

assets: []                     # hardware, software and cloud services
  # - id: srv-db01
  #   name: Database server
  #   kind: server             # server workstation laptop router switch firewall wireless_ap nas printer phone
  #                            # iot camera hypervisor cloud_service application database website
  #   zone: servers
  #   ips: [10.20.10.11]
  #   os: {{name: Windows Server, version: 2019, end_of_support: 2029-01-09}}
  #   services: [{{port: 1433, protocol: tcp, name: ms-sql-s, product: Microsoft SQL Server, version: "2019"}}]
  #   controls: [backup.daily, antivirus, patching.monthly]
  #   planned_controls: [backup.offline]

data: []                       # registers, databases, document stores, mailboxes
  # - id: reg-property
  #   name: Registar poreskih obveznika poreza na nepokretnosti
  #   kind: register
  #   personal_data: true
  #   classification: confidential
  #   needs: {{confidentiality: high, integrity: very_high, availability: normal}}
  #   stored_on: [srv-db01]
  #   exchanges: [{{with: Uprava prihoda i carina, via: gsb, direction: provide}}]

services: []                   # e-services and business processes
links: []                      # communication paths worth describing one by one
suppliers: []                  # suppliers, with their remote access

measures:                      # organisational measures: yes | partial | no (also da | djelimično | ne)
{measure_lines}"""


def init_workspace(
    directory: Path,
    name: str,
    code: str | None = None,
    force: bool = False,
    measures: Sequence[tuple[str, str]] | None = None,
    workbook: Callable[[Inventory], bytes] = workbook_bytes,
) -> list[Path]:
    """Write inventory.yaml and inventory.xlsx into ``directory``; refuse to overwrite unless ``force``.

    ``measures`` (key, title) are the catalogue's measures (every one is written);
    ``workbook`` makes the template from the skeleton inventory.
    """
    from asset_models.loaders import read_raw, validate_document

    if not name.strip():
        raise UsageProblem("the municipality name is empty", hint='pass --municipality "Opština ..."')
    code = code or derive_code(name)
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", code):
        raise UsageProblem(f"'{code}' cannot be a code", hint="use letters, digits and '-', e.g. HERCEG-NOVI")
    yaml_path = directory / "inventory.yaml"
    xlsx_path = directory / "inventory.xlsx"
    existing = [p for p in (yaml_path, xlsx_path) if p.exists()]
    if existing and not force:
        raise UsageProblem(
            f"{existing[0]} already exists", hint="choose another directory, or pass --force to overwrite"
        )
    ensure_dir(directory)
    atomic_write_text(yaml_path, skeleton_yaml(name, code, measures))
    inventory = validate_document(read_raw(yaml_path))  # the skeleton must always be valid
    atomic_write_bytes(xlsx_path, workbook(inventory))
    return [yaml_path, xlsx_path]
