"""Command modules: each holds exactly one class, the command the proxy lists.

The proxy runs each module here under its bare name, so command modules use absolute imports:
`from {{ cookiecutter.__import_name }}.protocol import ...`.
Helper classes belong outside this package: every class defined in a command module is listed
as a command.
"""
