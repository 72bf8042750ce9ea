"""The index folder: generations, the pointer to the live one, and the writers' lock.

    index/
      CURRENT          name of the live generation (replaced atomically)
      LOCK             flock'd by the one process that writes; holds its pid
      gen-<stamp>/     whoosh/ (the Whoosh index) and articles.db (the record store);
                       READERS, share-locked by each open reader of the generation

A rebuild fills a new generation and then swaps CURRENT, so readers always open a complete
index, and a failed rebuild leaves the old one in place. A replaced generation is removed
once no reader has it open (by the swap, or else by a later run).
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
READERS = "READERS"


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
    (gen / READERS).touch()
    return gen


def open_generation(index_dir: Path) -> tuple[Path, int | None]:
    """The live generation for reading, and a share-locked fd on its READERS file that keeps
    writers from removing it until ``close_generation(fd)``. (None: an index made before
    readers locked, or on read-only media: then it is not protected.)"""
    for _ in range(20):
        gen = require_generation(index_dir)
        try:
            fd = os.open(gen / READERS, os.O_RDONLY)
        except FileNotFoundError:
            if current_generation(index_dir) != gen:
                continue  # replaced and removed meanwhile: take the new one
            return gen, None
        except OSError:
            return gen, None
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a writer is removing it
        if (gen / READERS).exists():
            return gen, fd
        os.close(fd)  # it was removed before we got the lock
    raise IndexMissingError(f"no stable index at {index_dir}: it is replaced too often")


def close_generation(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


def publish(index_dir: Path, gen: Path) -> None:
    """Make ``gen`` the live generation, atomically, then remove the others."""
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(gen.name + "\n")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    with contextlib.suppress(OSError):  # the rename itself survives a power loss
        dfd = os.open(index_dir, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    remove_stale(index_dir)


def remove_stale(index_dir: Path) -> None:
    """Delete generations that CURRENT does not name (replaced, or left by interrupted
    rebuilds) unless a reader has them open. Call only while holding the lock."""
    live = current_generation(index_dir)
    if live is not None and not (live / READERS).exists():
        with contextlib.suppress(OSError):
            (live / READERS).touch()
    for tmp in index_dir.glob(f".{CURRENT}.*"):  # left by a killed publish()
        with contextlib.suppress(OSError):
            tmp.unlink()
    for child in index_dir.glob("gen-*"):
        if not child.is_dir() or child == live:
            continue
        try:
            fd = os.open(child / READERS, os.O_RDONLY)
        except OSError:
            fd = None
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # being read: a later run removes it
        else:
            shutil.rmtree(child, ignore_errors=True)  # readers wait while this runs
        finally:
            if fd is not None:
                os.close(fd)


_HELD: set[int] = set()  # this process's lock fds


def _drop_inherited_locks() -> None:
    """In a forked child (a scraping worker): close the parent's lock fds. flock belongs to the
    open file, which a child shares: a worker outliving a killed indexer would keep its lock."""
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextlib.contextmanager
def write_lock(index_dir: Path, wait: float) -> Iterator[None]:
    """Hold the index's write lock, waiting up to ``wait`` seconds for another writer.

    flock is released by the kernel when its holder dies, so a stale lock never blocks
    (forked children do not keep it: see _drop_inherited_locks)."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise UsageError(f"cannot use index folder {index_dir}: {err.strerror}") from None
    _HELD.add(fd)
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
        _HELD.discard(fd)
        os.close(fd)  # releases the flock
