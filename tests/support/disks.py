"""A small disk a test can fill or make read-only: a real tmpfs, so errors are real.

Writing to a full or read-only disk must lose nothing and say one sentence; a
monkeypatched ``OSError`` would test our guess at the error instead of the error.
Mounting needs root on Linux (as in CI); elsewhere the test is skipped, saying why.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


class Tmpfs:
    """A tmpfs mounted on ``path`` on first use; remounted to resize or make read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.mounted = False

    def mount(self, size: str = "1m", *, read_only: bool = False) -> Path:
        """Mount (or remount) the disk at ``size`` ("128k", "4m"); return its folder."""
        if not self.mounted:
            _skip_unless_mountable()
            self.path.mkdir(parents=True, exist_ok=True)
        options = f"size={size},mode=0700" + (",ro" if read_only else "")
        if self.mounted:
            options = f"remount,{options}"
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(self.path)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()})")
        self.mounted = True
        return self.path

    def fill(self) -> None:
        """Write a file ``filler`` until the disk is full (unbuffered: nothing left to flush)."""
        with (self.path / "filler").open("wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise

    def read_only(self) -> None:
        """Remount the disk read-only (where even root cannot write)."""
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)

    def unmount(self) -> None:
        """Unmount lazily, so a file a test left open never keeps the disk mounted."""
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True, check=False)
            self.mounted = False


def _skip_unless_mountable() -> None:
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs Linux's mount")
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs the tests as root)")
