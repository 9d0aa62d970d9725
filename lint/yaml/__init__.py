"""YAML with positions: the source text and its line index (`source`), the positioned tree read
from libyaml events (`tree`), scalar typing and value-to-source offsets as PyYAML's YAML 1.1
rules give them (`scalars`), and the tree of a document with its broken lines cut out, so the
rules still run while a line is half typed (`recovery`).

The bottom layer: it imports nothing else of wflint but the `TextEdit` of `wflint.diagnostics`.
"""
