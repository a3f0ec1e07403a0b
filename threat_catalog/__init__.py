"""threat_catalog stage of the lsgrisk pipeline: threats, controls, measures, weakness rules, risk matrix.

Use :func:`load_catalog` (bundled data plus an optional ``--catalog`` overlay
directory); it returns a validated, immutable :class:`Catalog`.
"""

from threat_catalog.loader import CATALOG_FILES, load_catalog
from threat_catalog.models import Catalog, EntryKind, Lang, Level, RiskMatrix

__all__ = ["CATALOG_FILES", "Catalog", "EntryKind", "Lang", "Level", "RiskMatrix", "load_catalog"]
