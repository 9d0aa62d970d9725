"""The `wflint` subcommands, one module each (`check`, `rule`, `rules`, `schedule`, `schema`,
`catalog`, `server`, `graph`, `iam`), each with `register(subparsers)` and `run(args)`; `workflow_file` is
the one-file commands' common start.

A face on the core: it may import anything in `wflint`; nothing in the core imports it.
"""
