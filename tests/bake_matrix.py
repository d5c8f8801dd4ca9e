"""The variants the template must bake, as data: every example x protocol x lowest Python, as
cookiecutter.json offers them, plus the longest names the naming rules accept."""

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


@dataclass(frozen=True)
class Variant:
    example: str
    protocol: str
    python_min: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        suffix = "-longest-names" if self.extra else ""
        return f"{self.example}-{self.protocol}-py{self.python_min}{suffix}"

    @property
    def context(self) -> dict[str, str]:
        chosen = {"example": self.example, "protocol": self.protocol, "python_min": self.python_min}
        return {**chosen, **self.extra}


VARIANTS = [
    Variant(*combination) for combination in itertools.product(EXAMPLES, PROTOCOLS, PYTHONS)
]
VARIANTS += [Variant(example, "v2", "3.10", LONGEST_NAMES) for example in EXAMPLES]


def variant_params() -> list[object]:
    """One pytest param per variant, grouped so that xdist runs a variant's checks on one worker
    (which bakes it once)."""
    return [
        pytest.param(variant, id=variant.id, marks=pytest.mark.xdist_group(variant.id))
        for variant in VARIANTS
    ]


def project_path(result: Any) -> Path:
    """The folder of a bake (a pytest-cookies Result), once it is known to have succeeded."""
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    return Path(result.project_path)
