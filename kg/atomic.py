"""Write an output file atomically when it is a regular file, directly when it is not.

Renaming a temp file over the target is what makes a crash leave either the old
file or the new one; but over a device, FIFO or socket (``-o /dev/null``,
``-o /dev/stdout``, a named pipe) it would *replace* that special file with a
regular one. So only new paths and regular files (symlinks followed) get the
temp-file-and-rename treatment; anything else is opened and written in place.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def is_special(path: Path | str) -> bool:
    """True when ``path`` exists and (after symlinks) is not a regular file: device, FIFO, socket."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextlib.contextmanager
def atomic_open(path: Path | str, mode: str = "wb", encoding: str | None = None) -> Iterator[IO[Any]]:
    """Open ``path`` for writing; on a clean exit the new content replaces the old at once.

    Regular files and new paths: write a temp file in the same folder, fsync,
    ``os.replace`` it over ``path``; on an exception the temp file is removed and
    ``path`` is untouched. The file gets the permissions ``open`` would give a new
    file (``0o666`` less the umask). Devices, FIFOs and sockets are written directly.
    """
    path = Path(path)
    if is_special(path):
        with open(path, mode, encoding=encoding) as handle:
            yield handle
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp makes it 0600; a new file would get the umask's mode
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def current_umask() -> int:
    """The process's umask (read by setting it and setting it back; there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (so a rename survives a power cut); best effort."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
