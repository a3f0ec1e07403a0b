"""Generated docx templates (package data; rebuild with `python -m policy_templates.build`)."""
