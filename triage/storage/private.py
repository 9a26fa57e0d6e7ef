"""Data at rest readable by its owner only: the database, blobs, reports, exports, keys.

Evidence and personal data must not be readable by other accounts on the host. The
service's processes create everything owner-only (``umask 077``), and a data folder made
by an older version is tightened when it is opened.
"""

from __future__ import annotations

import os
import stat
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
