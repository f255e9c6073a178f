"""The resume state of a harvest: one small JSON file beside the pages, replaced atomically after each page.

Hidden (``.kg-fetch-state.json``) so ``kg build OUTDIR`` skips it. A page counts
as done only once its file is in place *and* this file says so: after a crash
between the two, the next run fetches that page again into the same file name.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.atomic import atomic_open
from kg.fetch.errors import FetchError
from kg.fetch.page import Cursor, Params

STATE_NAME = ".kg-fetch-state.json"
#: Held while a harvest runs: two runs into one folder would mix pages and double the request rate.
LOCK_NAME = ".kg-fetch.lock"
FORMAT = "kg-fetch-state"
VERSION = 1
#: Page files (``arxiv-api-000001.xml``, ``oai-000001.xml``) and the temp files a killed write leaves.
PAGE_FILE = re.compile(r"^(?:arxiv-api|oai)-\d{6}\.xml$")
TEMP_FILE = re.compile(r"^\.(?:arxiv-api|oai)-\d{6}\.xml\..*\.tmp$")


@dataclass(frozen=True)
class FetchState:
    """Where a harvest stands: what it asks, where the next page starts, what is already on disk."""

    kind: str
    identity: Params
    params: Params
    base_url: str
    cursor: Cursor
    pages: int = 0
    records: int = 0
    total: int | None = None
    complete: bool = False


def page_name(prefix: str, number: int) -> str:
    """``oai-000003.xml``: sequential, so the files sort in harvest order."""
    return f"{prefix}-{number:06d}.xml"


def state_path(outdir: Path) -> Path:
    return outdir / STATE_NAME


def load_state(outdir: Path) -> FetchState | None:
    """The saved state of ``outdir``, None when there is none; raises :class:`FetchError` when unreadable."""
    path = state_path(outdir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise FetchError(f"cannot read the harvest state {path}: {exc}; start again with --restart") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise FetchError(f"{path} is not a kg fetch state (version {VERSION}); start again with --restart")
    try:
        return FetchState(
            kind=data["kind"],
            identity=_pairs(data["identity"]),
            params=_pairs(data["params"]),
            base_url=data["base_url"],
            cursor=data["cursor"],
            pages=int(data["pages"]),
            records=int(data["records"]),
            total=data["total"],
            complete=bool(data["complete"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise FetchError(f"{path} is damaged ({exc!r}); start again with --restart") from None


def save_state(outdir: Path, state: FetchState) -> None:
    """Replace the state file atomically (the old one or the new one, never half of either)."""
    data = {"format": FORMAT, "version": VERSION, **asdict(state)}
    data["identity"] = [list(p) for p in state.identity]
    data["params"] = [list(p) for p in state.params]
    with atomic_open(state_path(outdir), "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")


@contextlib.contextmanager
def harvest_lock(outdir: Path) -> Iterator[None]:
    """Hold the folder's exclusive harvest lock; :class:`FetchError` when another run holds it."""
    path = outdir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FetchError(f"another kg fetch is harvesting into {outdir} (lock {path} is held); wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def page_files(outdir: Path) -> list[Path]:
    """The page files already in ``outdir``, sorted."""
    if not outdir.is_dir():
        return []
    return sorted(p for p in outdir.iterdir() if PAGE_FILE.match(p.name))


def remove_harvest(outdir: Path) -> int:
    """Delete the page files, leftover temp files and state of ``outdir`` (nothing else); how many files went."""
    if not outdir.is_dir():
        return 0
    doomed = [p for p in outdir.iterdir() if PAGE_FILE.match(p.name) or TEMP_FILE.match(p.name)]
    doomed += [state_path(outdir)] if state_path(outdir).exists() else []
    for path in doomed:
        path.unlink()
    return len(doomed)


def remove_temp_files(outdir: Path) -> None:
    """Delete the hidden temp files a write killed midway left behind."""
    if outdir.is_dir():
        for path in outdir.iterdir():
            if TEMP_FILE.match(path.name):
                path.unlink(missing_ok=True)


def _pairs(value) -> Params:
    return tuple((str(k), str(v)) for k, v in value)
