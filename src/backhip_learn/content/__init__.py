"""Pure content layer: the item model, loading YAML with file:line:col problems, lint, coverage.

Never imports textual (a test checks).
"""
