"""policy_templates stage of the lsgrisk pipeline."""
