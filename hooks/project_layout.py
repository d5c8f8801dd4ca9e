"""Which generated files each example needs: the template renders them all, the post-generation
hook removes the rest."""

from pathlib import Path

UNUSED_BY_EXAMPLE = {
    "smtp": (),
    "blank": ("tests/smtp_server.py", "tests/test_smtp_faults.py"),
}
UNUSED_BY_LICENSE = {"none": ("LICENSE",)}


def unused_files(example: str, license: str) -> tuple[str, ...]:
    return UNUSED_BY_EXAMPLE[example] + UNUSED_BY_LICENSE.get(license, ())


def remove_unused_files(project_dir: Path, example: str, license: str) -> list[Path]:
    """Delete the files these options do not use from `project_dir`; return the ones removed."""
    removed = []
    for relative in unused_files(example, license):
        path = project_dir / relative
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
