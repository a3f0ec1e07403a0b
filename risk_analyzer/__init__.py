"""risk_analyzer stage of the lsgrisk pipeline."""
