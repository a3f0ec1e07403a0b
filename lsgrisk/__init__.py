"""lsgrisk: risk analysis, discovery scans and policy drafts for municipal information systems."""

__version__ = "0.1.0"
