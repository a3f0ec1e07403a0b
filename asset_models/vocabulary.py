"""The core vocabulary every inventory may use, even before a catalogue is loaded.

The threat catalogue defines these control ids and measure keys (and may add
more); validation uses the catalogue's vocabulary when one is given and this
core list otherwise, so that inventories written today keep validating.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

CORE_CONTROL_IDS: frozenset[str] = frozenset(
    """
    backup.daily backup.weekly backup.offline backup.offsite backup.encrypted
    antivirus edr patching.monthly patching.auto mfa mfa.admin disk_encryption
    logging.central firewall.host tls admin.named_accounts admin.laps
    remote_access.vpn ups raid monitoring waf email.filtering app.allowlisting
    """.split()
)

CORE_MEASURE_KEYS: frozenset[str] = frozenset(
    """
    security_officer_appointed security_policy_adopted risk_assessment_done
    security_training incident_procedure incident_reporting_contact
    backup_restore_test business_continuity_plan access_review
    supplier_contracts_security asset_inventory_maintained
    vulnerability_management logging_review physical_security_server_room
    personal_data_dpo
    """.split()
)


@dataclass(frozen=True)
class Vocabulary:
    """The control ids and measure keys an inventory may name."""

    control_ids: frozenset[str] = CORE_CONTROL_IDS
    measure_keys: frozenset[str] = CORE_MEASURE_KEYS


CORE_VOCABULARY = Vocabulary()


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, or None when nothing is close."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """A 'did you mean' hint, or an empty string."""
    best = closest(word, candidates)
    return f"did you mean '{best}'?" if best else ""
