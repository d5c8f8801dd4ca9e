"""Which generated files each option needs: the template renders them all, the post-generation
hook removes the rest. (os.path rather than pathlib: the hook starts faster without it.)"""

import os

UNUSED_BY_EXAMPLE = {
    "smtp": (),
    "blank": ("tests/smtp_server.py", "tests/test_smtp_faults.py"),
}
UNUSED_BY_LICENSE = {"none": ("LICENSE",)}


def unused_files(example: str, license: str) -> tuple[str, ...]:
    return UNUSED_BY_EXAMPLE[example] + UNUSED_BY_LICENSE.get(license, ())


def remove_unused_files(
    project_dir: str | os.PathLike[str], example: str, license: str
) -> list[str]:
    """Delete the files these options do not use from `project_dir`; return the ones removed."""
    removed = []
    for relative in unused_files(example, license):
        path = os.path.join(project_dir, relative)
        if os.path.exists(path):
            os.remove(path)
            removed.append(path)
    return removed
