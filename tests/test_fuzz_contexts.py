"""No answers can produce a broken project: generated contexts either bake into a valid project
that keeps the text as typed, or are refused with a message naming the field and nothing on disk.

Each answer is drawn either from a pool of values known to pass the naming rules or from
arbitrary text, so the oracle is independent of the rules' code: a refusal may only name fields
drawn arbitrarily, and a context drawn entirely from the valid pools must be accepted.

Runs a fixed, seeded set of examples (300 by default); set TEMPLATE_FUZZ_EXAMPLES for more.
"""

import json
import os
import re
import shutil
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter
from generated_project import files_of, holds_jinja
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.utils import htmlsafe_json_dumps
from template_paths import TEMPLATE_ROOT

from template_helpers.jinja_extension import toml_string
from template_helpers.template_data import choices

EXAMPLES = int(os.environ.get("TEMPLATE_FUZZ_EXAMPLES", "300"))
FREE_TEXT_FIELDS = ("connector_name", "description", "author_name")

NASTY_TEXT = [
    "",
    " ",
    "\t",
    "'",
    '"',
    '"""',
    "\\",
    "C:\\new\\table\\",
    "line\nbreak",
    "carriage\r\nreturn",
    "Zoë Ångström 東京",
    "🚀 emoji",
    "{{ x }}",
    "{{ cookiecutter.connector_name }}",
    "{% raw %}",
    "{% endraw %}",
    "{#",
    "#}",
    "${{ secrets.TOKEN }}",
    "\x00nul",
    "\u2028separator",
    "x" * 5000,
]
free_text = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=60),
    st.lists(st.sampled_from(NASTY_TEXT), min_size=2, max_size=4).map("".join),
)

VALID = {
    "connector_name": st.sampled_from(["SMTP", "Google Sheets", "Zoë's Mail 2", "X"]),
    "description": free_text.filter(lambda text: text.isprintable() or set(text) <= {"\t"}),
    "author_name": st.sampled_from(["Ada Lovelace", 'O\'Brien "Q"', "Zoë 🚀", "\\o/"]),
    "author_email": st.sampled_from(["you@example.com", "a.b+c@mail.example.org"]),
    "version": st.sampled_from(["0.1.0", "1.0.0rc1", "2!3.post4.dev5+local"]),
    "command_class": st.sampled_from(
        ["SendEmail", "GetRow", "X", "Abcdefghijabcdefghijabcdefghijab"]
    ),
}
ARBITRARY = {
    "connector_name": free_text,
    "connector_slug": st.one_of(
        free_text, st.sampled_from(["connector-", "connector--x", "a/b", "..", "connector_x"])
    ),
    "description": free_text,
    "author_name": free_text,
    "author_email": st.one_of(free_text, st.sampled_from(["a@b", "a b@c.d", "@x.org"])),
    "version": st.one_of(free_text, st.sampled_from(["v", "1.0-", "01.02.03", "1.0 "])),
    "command_class": st.one_of(
        free_text, st.sampled_from(["None", "Exception", "sendEmail", "Send_Email", "A" * 33])
    ),
}
CHOICES = {
    question: st.sampled_from(choices(question))
    for question in ("example", "protocol", "python_min", "license")
}


@st.composite
def contexts(draw: st.DrawFn) -> tuple[dict[str, str], set[str]]:
    """Answers, and which of them were drawn arbitrarily (and so may be refused)."""
    answers = {name: draw(strategy) for name, strategy in CHOICES.items()}
    arbitrary = set()
    for name in ARBITRARY:
        if draw(st.integers(0, 3)) == 0:  # a quarter of the answers are arbitrary
            answers[name] = draw(ARBITRARY[name])
            arbitrary.add(name)
        elif name in VALID:
            answers[name] = draw(VALID[name])
    if "connector_name" in arbitrary and "connector_slug" not in arbitrary:
        arbitrary.add("connector_slug")  # derived from the name
    return answers, arbitrary


def as_typed(value: str) -> str:
    """A Jinja expression that renders to exactly `value`: cookiecutter renders --no-input
    overrides, while answers typed at a prompt reach the template as they are."""
    return "{{ " + ascii(value) + " }}"


def assert_accepted_project_is_valid(project: Path, answers: dict[str, str]) -> None:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    metadata = pyproject["project"]
    if "description" in answers:
        assert metadata["description"] == answers["description"]
    if "author_name" in answers:
        assert metadata["authors"][0]["name"] == answers["author_name"]
    user_text = [answers.get(name, "") for name in FREE_TEXT_FIELDS]
    for relative in files_of(project):
        text = (project / relative).read_text(encoding="utf-8")
        if relative.endswith(".py"):
            compile(text, relative, "exec")
        else:
            # The user's own text may look like Jinja: only the template's text must not.
            for typed in sorted(filter(None, user_text), key=len, reverse=True):
                as_json = str(htmlsafe_json_dumps(typed))[1:-1]  # the README's cruft link line
                for form in (toml_string(typed), as_json, typed):
                    text = text.replace(form, "\0")
        assert not holds_jinja(relative, text), relative
    [command] = (project / "src").glob("*/commands/[!_]*.py")
    assert len(re.findall(r"^class ", command.read_text(encoding="utf-8"), re.MULTILINE)) == 1


@pytest.fixture(scope="module")
def cookiecutter_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user config of its own, so that no ~/.cookiecutterrc or replay file takes part."""
    home = tmp_path_factory.mktemp("cookiecutter-home")
    config = home / "config.yaml"
    config.write_text(
        f"cookiecutters_dir: {json.dumps(str(home / 'templates'))}\n"
        f"replay_dir: {json.dumps(str(home / 'replay'))}\n",
        encoding="utf-8",
    )
    return config


def bake(answers: dict[str, str], output: Path, config: Path) -> Path | BaseException:
    try:
        project = cookiecutter(
            str(TEMPLATE_ROOT),
            no_input=True,
            extra_context={
                name: value if name in CHOICES else as_typed(value)
                for name, value in answers.items()
            },
            output_dir=str(output),
            config_file=str(config),
        )
    except (Exception, SystemExit) as error:  # a refusal exits, as on the command line
        return error
    return Path(project)


@pytest.mark.slowest
def test_every_context_is_accepted_whole_or_refused_cleanly(
    cookiecutter_config: Path, capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outcomes: Counter[str] = Counter()

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None)
    @given(drawn=contexts())
    def check(drawn: tuple[dict[str, str], set[str]]) -> None:
        answers, arbitrary = drawn
        output = Path(tempfile.mkdtemp(dir=tmp_path))
        capfd.readouterr()

        outcome = bake(answers, output, cookiecutter_config)

        message = capfd.readouterr().err
        if isinstance(outcome, Path):
            outcomes["accepted"] += 1
            assert_accepted_project_is_valid(outcome, answers)
        else:
            outcomes["refused"] += 1
            assert isinstance(outcome, SystemExit) and outcome.code == 1, repr(outcome)
            assert message.startswith("Cannot generate this connector"), message
            named = set(re.findall(r"^  (\w+) = ", message, flags=re.MULTILINE))
            assert named and named <= arbitrary, (named, arbitrary)
            assert list(output.iterdir()) == [], "a refused bake left files behind"
        shutil.rmtree(output)

    check()

    print(f"\nfuzzed contexts: {sum(outcomes.values())} ({dict(outcomes)})")
    assert outcomes["accepted"] >= EXAMPLES // 10
    assert outcomes["refused"] >= EXAMPLES // 10
