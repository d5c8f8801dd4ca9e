"""Add the chosen example's own test files (its servers, helpers and further tests) to the new
project's tests/ folder, then say where the project is and what to do next.

Cookiecutter renders this file with Jinja, then runs it from inside the new project. Each file
of `examples/<example>/tests/` arrives here rendered like every other generated file, as a Python
literal. Writing them again gives the same files, as cruft does on every update.
"""

import os

EXAMPLE_TEST_FILES = {
{%- for name in cookiecutter.example | example_test_files %}
    {{ name | python_literal }}: {{ example_file(cookiecutter.example, "tests/" ~ name) | python_literal }},
{%- endfor %}
}
PYTHON = {{ cookiecutter.python_min | python_literal }}
NEXT_STEPS = f"""Created {os.getcwd()}
Next, in that folder, with Python {PYTHON} or newer as python3:
  python3 -m venv .venv && .venv/bin/pip install -e ".[dev]"
  .venv/bin/pytest
Its README.md says how to add commands and run it in a connector proxy."""

for name, text in EXAMPLE_TEST_FILES.items():
    with open(os.path.join("tests", name), "w", encoding="utf-8") as test_file:
        test_file.write(text)
print(NEXT_STEPS)
