"""The `wflint` subcommands, one module each (`check`, `rule`, `rules`, `schedule`, `schema`,
`catalog`, `server`, `graph`), each with `register(subparsers)` and `run(args)`.

A face on the core: it may import anything in `wflint`; nothing in the core imports it.
"""
