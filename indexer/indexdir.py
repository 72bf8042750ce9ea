"""The index folder: generations, the pointer to the live one, and the writers' lock.

    index/
      CURRENT          name of the live generation (replaced atomically)
      LOCK             flock'd by the one process that writes; holds its pid
      gen-<stamp>/     whoosh/ (the Whoosh index) and articles.db (the record store)

A rebuild fills a new generation and then swaps CURRENT, so readers always open a complete
index, and a failed rebuild leaves the old one in place.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import IndexLockedError, IndexMissingError, UsageError

CURRENT = "CURRENT"
LOCK = "LOCK"
WHOOSH_DIR = "whoosh"
STORE_FILE = "articles.db"


def current_generation(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / CURRENT).read_text().strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    gen = index_dir / name
    return gen if name and gen.is_dir() else None


def require_generation(index_dir: Path) -> Path:
    gen = current_generation(index_dir)
    if gen is None:
        raise IndexMissingError(f"no index at {index_dir}")
    return gen


def new_generation(index_dir: Path) -> Path:
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    gen = index_dir / f"gen-{stamp}-{secrets.token_hex(4)}"
    gen.mkdir()
    return gen


def publish(index_dir: Path, gen: Path) -> None:
    """Make ``gen`` the live generation, atomically, then remove the others."""
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(gen.name + "\n")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    remove_stale(index_dir)


def remove_stale(index_dir: Path) -> None:
    """Delete generations that CURRENT does not name (left by interrupted rebuilds).
    Call only while holding the lock."""
    live = current_generation(index_dir)
    for child in index_dir.glob("gen-*"):
        if child.is_dir() and child != live:
            shutil.rmtree(child, ignore_errors=True)


@contextlib.contextmanager
def write_lock(index_dir: Path, wait: float) -> Iterator[None]:
    """Hold the index's write lock, waiting up to ``wait`` seconds for another writer.

    flock is released by the kernel when its holder dies, so a stale lock never blocks."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise UsageError(f"cannot use index folder {index_dir}: {err.strerror}") from None
    try:
        deadline = time.monotonic() + max(wait, 0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "ignore").strip() or "?"
                    raise IndexLockedError(
                        f"index is being updated by another process (pid {holder})",
                        hint="wait for it to finish, or pass --wait SECONDS") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the flock
