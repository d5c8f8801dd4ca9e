"""Add the chosen example's own test files (its servers, helpers and further tests) to the new
project's tests/ folder.

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

for name, text in EXAMPLE_TEST_FILES.items():
    with open(os.path.join("tests", name), "w", encoding="utf-8") as test_file:
        test_file.write(text)
