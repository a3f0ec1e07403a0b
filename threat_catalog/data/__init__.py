"""Bundled threat catalogue data (YAML), read with importlib.resources."""
