"""Data at rest readable by its owner only: the database, blobs, reports, exports, keys.

Evidence and personal data must not be readable by other accounts on the host. The
service's processes create everything owner-only (``umask 077``), and a data folder made
by an older version is tightened when it is opened.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import stat
import tempfile
from pathlib import Path

OWNER_ONLY_UMASK = 0o077


def owner_only_files() -> None:
    """From now on, files and folders this process creates are owner-only (0600 / 0700)."""
    os.umask(OWNER_ONLY_UMASK)


def tighten(*paths: Path) -> None:
    """Remove group and other permissions from ``paths`` that exist and belong to this user."""
    for path in paths:
        try:
            info = path.stat()
            if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
                path.chmod(stat.S_IMODE(info.st_mode) & 0o700)
        except FileNotFoundError:
            continue


def private_tempdir(data_dir: Path) -> Path:
    """Make this process's temporary files (a PDF's rendered pages, a copy for a tool) go to a
    folder of its own inside the owner-only data folder, never to the shared system one.

    A worker killed at its time limit cannot clean up after itself: ``sweep_tempdirs`` (run
    by the pool when a worker dies, and when any worker starts) removes what dead ones left.
    """
    root = data_dir / "tmp"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    sweep_tempdirs(data_dir)
    path = root / f"{socket.gethostname()}-{os.getpid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    tempfile.tempdir = str(path)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def sweep_tempdirs(data_dir: Path) -> int:
    """Remove the temporary folders of this host's processes that are gone; returns how many."""
    prefix = f"{socket.gethostname()}-"
    removed = 0
    for path in (data_dir / "tmp").glob(prefix + "*"):
        pid = path.name.removeprefix(prefix)
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (killed, not yet reaped by its parent) holds no files any more
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1] != "Z"
    return True
