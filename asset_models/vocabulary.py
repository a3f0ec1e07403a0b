"""The vocabulary an inventory may use: control ids and measure keys.

The threat catalogue defines the vocabulary (at least the core ids below).
asset_models does not import the catalogue (layers go one way), so the
program that knows the catalogue in use registers it once with
:func:`set_vocabulary_provider` (the CLI does, for every command); loaders then
validate against :func:`vocabulary_in_use`. Without a provider (library use,
tests) the core list applies, so that inventories written today keep validating.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
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

_PROVIDER: list[Callable[[], Vocabulary] | None] = [None]
_CACHED: list[Vocabulary | None] = [None]


def set_vocabulary_provider(provider: Callable[[], Vocabulary] | None) -> None:
    """Name the function that gives the vocabulary in use (called once, when first needed)."""
    _PROVIDER[0] = provider
    _CACHED[0] = None


def vocabulary_in_use() -> Vocabulary:
    """The vocabulary of the catalogue in use, or the core vocabulary when no provider is set."""
    cached = _CACHED[0]
    if cached is None:
        provider = _PROVIDER[0]
        cached = provider() if provider is not None else CORE_VOCABULARY
        _CACHED[0] = cached
    return cached


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, or None when nothing is close."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """A 'did you mean' hint (in the language in use), or an empty string."""
    best = closest(word, candidates)
    if not best:
        return ""
    from asset_models.i18n import tr  # deferred: the language core reads its registry on first use

    return tr("did you mean '{word}'?", word=best)
