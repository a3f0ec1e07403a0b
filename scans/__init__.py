"""scans stage of the lsgrisk pipeline."""
