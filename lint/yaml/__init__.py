"""YAML with positions: the source text and its line index (`source`), the positioned tree read
from libyaml events (`tree`), and scalar typing and value-to-source offsets as PyYAML's YAML 1.1
rules give them (`scalars`).

The bottom layer: it imports nothing else of wflint but the `TextEdit` of `wflint.diagnostics`.
"""
