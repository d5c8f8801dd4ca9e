"""Which generated files each example needs: the template renders them all, the post-generation
hook removes the rest."""

from pathlib import Path

UNUSED_FILES = {
    "smtp": (),
    "blank": ("tests/smtp_server.py", "tests/test_smtp_faults.py"),
}


def remove_unused_files(project_dir: Path, example: str) -> list[Path]:
    """Delete the files `example` does not use from `project_dir`; return the ones removed."""
    removed = []
    for relative in UNUSED_FILES[example]:
        path = project_dir / relative
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
