"""The variants the template must bake, as data: every example x protocol x lowest Python, as
cookiecutter.json offers them, plus names at the edges of the naming rules: the longest they
accept, and one that starts with a digit."""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from template_paths import TEMPLATE_ROOT  # noqa: F401 (puts template_data on sys.path)

from template_helpers.template_data import choices

EXAMPLES = choices("example")
PROTOCOLS = choices("protocol")
PYTHONS = choices("python_min")
# Bakes a context (cookiecutter's extra_context) into a pytest-cookies Result.
Bake = Callable[[dict[str, str]], Any]

LONGEST_NAMES = {
    "connector_name": "Abcdefghij Abcdefghij Abcdefgh",  # slug of 40 characters, the most allowed
    "command_class": "A" + "b" * 31,  # 32 characters, the most allowed
}
# The diagram's variables cannot start with the digit the display name starts with.
DIGIT_FIRST_NAME = {"connector_name": "1Password"}


@dataclass(frozen=True)
class Variant:
    example: str
    protocol: str
    python_min: str
    extra: dict[str, str] = field(default_factory=dict)
    label: str = ""

    @property
    def id(self) -> str:
        suffix = f"-{self.label}" if self.label else ""
        return f"{self.example}-{self.protocol}-py{self.python_min}{suffix}"

    @property
    def runs_its_suite(self) -> bool:
        """Whether the template's tests run this bake's own suite. The suite runs on the Python
        of the template's tests whatever `python_min` says, which changes only settings (ruff's
        and mypy's targets, classifiers, the CI matrix, the image): those are checked for every
        variant, the suite once per example and protocol, and for every edge of the names."""
        return self.python_min == PYTHONS[0] or bool(self.extra)

    @property
    def context(self) -> dict[str, str]:
        chosen = {"example": self.example, "protocol": self.protocol, "python_min": self.python_min}
        return {**chosen, **self.extra}


VARIANTS = [
    Variant(*combination) for combination in itertools.product(EXAMPLES, PROTOCOLS, PYTHONS)
]
VARIANTS += [
    Variant(example, "v2", PYTHONS[0], LONGEST_NAMES, "longest-names") for example in EXAMPLES
]
VARIANTS += [Variant("blank", "v1", PYTHONS[0], DIGIT_FIRST_NAME, "digit-first-name")]


def variant_params(variants: list[Variant] = VARIANTS) -> list[object]:
    """One pytest param per variant, grouped so that xdist runs a variant's checks on one worker
    (which bakes it once)."""
    return [
        pytest.param(variant, id=variant.id, marks=pytest.mark.xdist_group(variant.id))
        for variant in variants
    ]


SUITE_VARIANTS = [variant for variant in VARIANTS if variant.runs_its_suite]


def project_path(result: Any) -> Path:
    """The folder of a bake (a pytest-cookies Result), once it is known to have succeeded."""
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    return Path(result.project_path)
