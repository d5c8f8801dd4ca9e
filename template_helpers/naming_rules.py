"""The naming rules a connector must follow to be found by the SpiffWorkflow connector proxy.

Plain functions, so that the hooks, the template's tests and any other template in this
repository share one set of rules. `check_answers` returns every problem at once;
naming_report.py turns them into the message a person reads.
"""

import builtins
import keyword
import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import NamedTuple

IMPORT_PREFIX = "connector_"
SLUG_PREFIX = "connector-"
# Long enough for any real name, short enough that every generated line stays within 100 columns.
MAX_IMPORT_NAME_LENGTH = 40
MAX_CLASS_NAME_LENGTH = 32

IMPORT_NAME = re.compile(r"connector_[a-z0-9]+(?:_[a-z0-9]+)*")
SLUG = re.compile(r"connector(?:-[a-z0-9]+)+")
CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# PEP 440, as given in its appendix (and in `packaging.version.VERSION_PATTERN`).
VERSION = re.compile(
    r"""
    v?
    (?:(?P<epoch>[0-9]+)!)?
    (?P<release>[0-9]+(?:\.[0-9]+)*)
    (?P<pre>[-_\.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_\.]?(?P<pre_n>[0-9]+)?)?
    (?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_\.]?(?P<post_l>post|rev|r)[-_\.]?(?P<post_n2>[0-9]+)?))?
    (?P<dev>[-_\.]?(?P<dev_l>dev)[-_\.]?(?P<dev_n>[0-9]+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Names the generated package's shared modules (protocol, parameters) define beside every command
# class: a command class of the same name would shadow them. Each example lists its own in its
# example.toml, and the checks below take that list as `example_names` (a template test checks
# that they cover every name beside the command).
SHARED_NAMES = frozenset(
    {
        "Any",
        "CommandErrorDict",
        "CommandResponseDict",
        "CommandResult",
        "CommandResultDictV1",
        "ConnectorCommand",
        "ConnectorProxyResponseDict",
        "InvalidParameter",
    }
)

# SpiffArena's backend runs these commands itself: a connector command with one of these ids would
# never be called.
BACKEND_COMMAND_IDS = frozenset(
    f"http/{verb}Request" for verb in ("Get", "Post", "Put", "Patch", "Delete", "Head")
)

TEXT_FIELDS = ("connector_name", "description", "author_name")
REQUIRED_TEXT_FIELDS = ("connector_name", "author_name")


class Problem(NamedTuple):
    """One answer that breaks a rule, with a value that would pass."""

    field: str
    value: str
    rule: str
    suggestion: str


def command_module_name(class_name: str) -> str:
    """The module name for a command class, camelCase as in the tutorial: SendEmail -> sendEmail."""
    return class_name[:1].lower() + class_name[1:]


def _words(value: str) -> list[str]:
    """Split any text into lowercase ASCII words: 'Google Sheets' and 'google_sheets' alike."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", value)
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def slug_of(slugified_name: str) -> str:
    """The slug cookiecutter.json derives from the connector's name, slugified: the name after
    "connector-", once (a name typed as the package name, connector-smtp, stays connector-smtp)."""
    words = [word for word in slugified_name.split("-") if word]
    if words[:1] == ["connector"]:
        words = words[1:]
    return SLUG_PREFIX + "-".join(words)


def _cut_at_a_word(name: str, limit: int, word_start: str) -> str:
    """`name` cut to `limit` characters at the start of a word (matched by the regular
    expression `word_start`) when one is near, rather than in the middle of one."""
    if len(name) <= limit:
        return name
    starts = [found.start() for found in re.finditer(word_start, name[: limit + 1])]
    cut = max([start for start in starts if start > limit // 2], default=limit)
    return name[:cut].rstrip("-")


def suggest_slug(value: str) -> str:
    words = _words(value)
    if words[:1] == ["connector"]:
        words = words[1:]
    slug = SLUG_PREFIX + ("-".join(words) or "example")
    return _cut_at_a_word(slug, MAX_IMPORT_NAME_LENGTH, "-")


def suggest_import_name(value: str) -> str:
    return suggest_slug(value).replace("-", "_")


def suggest_class_name(value: str, example_names: Collection[str]) -> str:
    """`value` itself when it is already PascalCase (SMTPServer stays SMTPServer), else its
    words capitalized; cut to the limit, with "Command" after a name that is taken."""
    name = value if CLASS_NAME.fullmatch(value) else "".join(w.capitalize() for w in _words(value))
    if not name or name[0].isdigit():
        name = "My" + name + ("" if name else "Command")
    name = _cut_at_a_word(name, MAX_CLASS_NAME_LENGTH, "[A-Z]")
    if _class_name_clash(name, example_names) or keyword.iskeyword(command_module_name(name)):
        name = _cut_at_a_word(name, MAX_CLASS_NAME_LENGTH - len("Command"), "[A-Z]") + "Command"
    return name


def _class_name_clash(name: str, example_names: Collection[str]) -> bool:
    reserved = SHARED_NAMES.union(example_names)
    return keyword.iskeyword(name) or hasattr(builtins, name) or name in reserved


def _is_line_break_or_control(char: str) -> bool:
    return char != "\t" and unicodedata.category(char) in {"Cc", "Zl", "Zp"}


def _single_line_problem(field: str, value: str) -> Problem | None:
    if not any(_is_line_break_or_control(char) for char in value):
        return None
    one_line = "".join(" " if _is_line_break_or_control(char) else char for char in value)
    rule = "one line of text: no line breaks or control characters (tabs are fine)"
    return Problem(field, value, rule, " ".join(one_line.split()))


def check_text(answers: Mapping[str, str]) -> list[Problem]:
    problems = []
    for field in TEXT_FIELDS:
        value = answers[field]
        problem = _single_line_problem(field, value)
        if problem:
            problems.append(problem)
        elif field in REQUIRED_TEXT_FIELDS and not value.strip():
            example = "SMTP" if field == "connector_name" else "Ada Lovelace"
            problems.append(Problem(field, value, "must not be blank", example))
    return problems


def check_import_name(value: str) -> list[Problem]:
    if IMPORT_NAME.fullmatch(value) and len(value) <= MAX_IMPORT_NAME_LENGTH:
        return []
    rule = (
        f'a lowercase Python identifier: "{IMPORT_PREFIX}" followed by lowercase letters and '
        f"digits, words joined by single underscores, at most {MAX_IMPORT_NAME_LENGTH} characters "
        "(the proxy only looks at modules whose name starts with connector_)"
    )
    return [Problem("__import_name", value, rule, suggest_import_name(value))]


def check_slug(value: str) -> list[Problem]:
    if SLUG.fullmatch(value) and len(value) <= MAX_IMPORT_NAME_LENGTH:
        return []
    rule = (
        f'lowercase kebab-case starting with "{SLUG_PREFIX}": lowercase letters and digits, '
        f"words joined by single dashes, at most {MAX_IMPORT_NAME_LENGTH} characters"
    )
    return [Problem("connector_slug", value, rule, suggest_slug(value))]


def check_slug_and_import_name(slug: str, import_name: str) -> list[Problem]:
    """The slug and the import name, each valid, and naming the same connector.

    The import name is derived from the slug, so a bad slug is reported alone unless the import
    name was also given separately.
    """
    slug_problems, import_problems = check_slug(slug), check_import_name(import_name)
    derived = import_name == slug.replace("-", "_")
    if slug_problems and derived:
        return slug_problems
    if slug_problems or import_problems or derived:
        return slug_problems + import_problems
    rule = f"must match the import name {import_name!r}, with dashes for underscores"
    return [Problem("connector_slug", slug, rule, import_name.replace("_", "-"))]


def check_class_name(value: str, module_name: str, example_names: Collection[str]) -> list[Problem]:
    """The command class, and the module named after it (SendEmail -> sendEmail.py);
    `example_names` are the names the example's modules define beside it."""
    module = command_module_name(value)
    if not CLASS_NAME.fullmatch(value) or len(value) > MAX_CLASS_NAME_LENGTH:
        rule = (
            "a PascalCase class name: an ASCII capital letter, then letters and digits, "
            f"at most {MAX_CLASS_NAME_LENGTH} characters"
        )
    elif _class_name_clash(value, example_names):
        rule = "must not be a Python keyword, a builtin or a name the generated code imports"
    elif keyword.iskeyword(module):
        rule = f"its module would be {module}.py, and {module!r} is a Python keyword"
    elif module_name != module:
        rule = f"the command module's name is derived from command_class ({value!r})"
        return [Problem("__command_module", module_name, rule, module)]
    else:
        return []
    return [Problem("command_class", value, rule, suggest_class_name(value, example_names))]


def check_display_name(value: str, import_name: str) -> list[Problem]:
    """The display name is the import name without its prefix: the proxy names a connector so,
    whatever a context says (a derived value given on the command line is checked too)."""
    expected = import_name.removeprefix(IMPORT_PREFIX)
    if value == expected or check_import_name(import_name):
        return []
    rule = f"the proxy names the connector after its import name: {expected!r}"
    return [Problem("__display_name", value, rule, expected)]


def variable_prefix(display_name: str) -> str:
    """How the sample diagram's variables start (`<prefix>_result`, `<prefix>_error`): the
    display name, or the import name when the display name starts with a digit (`123_result` is
    not a Python name, and SpiffArena's scripts are Python)."""
    return display_name if display_name[:1].isalpha() else IMPORT_PREFIX + display_name


def check_variable_prefix(value: str, display_name: str) -> list[Problem]:
    """The prefix of the diagram's variables makes Python names of them. The one derived from a
    valid display name always does: only one given apart can fail."""
    if value == variable_prefix(display_name) or (
        value.isascii() and f"{value}_result".isidentifier() and value[:1].isalpha()
    ):
        return []
    rule = "the start of a Python name: the diagram's variables are <prefix>_result, <prefix>_error"
    return [Problem("__variable_prefix", value, rule, "my_service")]


def check_command_id(display_name: str, class_name: str) -> list[Problem]:
    """The command id, `<display name>/<ClassName>`, is one SpiffArena will send to the proxy."""
    command_id = f"{display_name}/{class_name}"
    if command_id not in BACKEND_COMMAND_IDS:
        return []
    rule = f"SpiffArena's backend runs {command_id} itself: a command with this id is never called"
    return [Problem("command_class", class_name, rule, class_name + "Command")]


def check_email(value: str) -> list[Problem]:
    if EMAIL.fullmatch(value):
        return []
    rule = "an email address like name@example.com"
    return [Problem("author_email", value, rule, "you@example.com")]


def check_version(value: str) -> list[Problem]:
    if VERSION.fullmatch(value):
        return []
    return [Problem("version", value, "a PEP 440 version like 0.1.0 or 1.0.0rc1", "0.1.0")]


def check_answers(answers: Mapping[str, str], example_names: Collection[str]) -> list[Problem]:
    """Every problem with the answers, in the order the questions are asked; `example_names`
    are the reserved class names of the chosen example."""
    return [
        *check_text(answers),
        *check_slug_and_import_name(answers["connector_slug"], answers["__import_name"]),
        *check_display_name(answers["__display_name"], answers["__import_name"]),
        *check_email(answers["author_email"]),
        *check_version(answers["version"]),
        *check_variable_prefix(
            answers.get("__variable_prefix", variable_prefix(answers["__display_name"])),
            answers["__display_name"],
        ),
        *(
            check_class_name(answers["command_class"], answers["__command_module"], example_names)
            or check_command_id(answers["__display_name"], answers["command_class"])
        ),
    ]
