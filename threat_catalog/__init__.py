"""threat_catalog stage of the lsgrisk pipeline."""
