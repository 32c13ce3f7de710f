"""The commands of the `drafter` CLI, one module per area; each calls the public API."""
