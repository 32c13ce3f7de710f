"""Stage 1, inputs: what a run reads, parsed and validated with file:line messages.

profiles (jurisdiction, kinds, options), the clause library (clauses, lint), document
types (doctypes), the campaign's status file (status) and state-law data (statelaw), on
top of safe YAML reading (yamlfile) and pydantic messages (validation). Imports only the
ground modules (errors, paths, jinja, plain): nothing here knows about documents.
"""
