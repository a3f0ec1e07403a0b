"""The command line: thin commands that chain stage functions and map errors to exit codes."""
