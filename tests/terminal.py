"""Running a command line on a terminal (a pseudo-terminal), as a person does: what they see."""

import os
import pty
import re
import subprocess
from pathlib import Path


def run_on_a_terminal(command: list[str], cwd: Path, timeout: float = 120) -> tuple[int, str]:
    """Run `command` with a terminal as its input and outputs: its exit status, and everything
    it printed, as the screen shows it (carriage returns and colour codes left out)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, cwd=cwd, stdin=follower, stdout=follower, stderr=follower, close_fds=True
    )
    os.close(follower)
    printed = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the command ends (EIO on Linux)
            break
        if not chunk:
            break
        printed += chunk
    os.close(leader)
    status = process.wait(timeout=timeout)
    text = printed.decode("utf-8", "replace").replace("\r", "")
    return status, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
