"""The six policy documents: written content per language, template builders and render contexts.

Entry points live in :mod:`policy_templates.policies.generate`.
"""
