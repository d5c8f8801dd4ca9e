"""The template's own Python: what cookiecutter and the hooks run while a connector is baked.

- `jinja_extension`: the Jinja filters the template's files use (loaded through `_extensions`
  in cookiecutter.json), among them the escaping of answers for TOML and Python;
- `template_data`: what cookiecutter.json and each example's example.toml say;
- `naming_rules`: the rules a connector's names follow, as plain functions;
- `naming_report`: the message a person reads when answers break them;
- `examples`: how the chosen example's folder is rendered into the new project.
"""
