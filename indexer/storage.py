"""Where Whoosh reads and writes its files: a folder, with files memory-mapped for reading.

Whoosh's own mmap path wraps each compound segment in ``BytesIO``, which copies the whole
segment into memory at open: at 100k articles that is ~200 ms and ~220 MB per process before
the first query. Here segments are written as separate files (``compound=False``) and each is
mapped without a copy, so opening costs nothing and the page cache is shared between processes.

Whoosh opens most of a segment's files lazily, at the first query that needs them, and an
indexer's commit deletes the files of segments it merged away. A searcher therefore pins its
commit: it holds every file open from the start, so that later commits cannot pull them from
under it (on POSIX an open file outlives its name).
"""

from __future__ import annotations

import contextlib
import mmap
import os
import time
from io import BytesIO
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from .errors import IndexMissingError

WRITER_OPTIONS = {"compound": False}  # every writer: one file per segment part, mapped on read


class MappedFile(BufferFile):
    """Whoosh's in-memory file over a memory map: reads and slices come from the map (C code,
    no system calls), and nothing is copied when it opens."""

    def __init__(self, data: mmap.mmap, name: str):
        StructFile.__init__(self, data, name=name)  # read/seek/tell: the map's own methods
        self._buf = data  # get(): a slice of the map


class MappedStorage(FileStorage):
    def __init__(self, folder: Path | str):
        # supports_mmap=False: an older compound segment is read through its mapped file,
        # not copied
        super().__init__(str(folder), supports_mmap=False)
        self._pinned: dict[str, int] = {}  # file name -> an fd held open since pin()

    def searcher(self, ix, tries: int = 20):
        """A searcher over the latest commit of ``ix`` (an index in this storage) whose files
        stay readable whatever later commits delete."""
        for _ in range(tries):
            searcher = ix.searcher()
            self.pin()
            # Commits delete only files that the latest commit does not use. If the commit read
            # is still the latest after pinning, every one of its files was there to pin.
            if searcher.reader().generation() in (None, ix.latest_generation()):
                return searcher
            searcher.close()
            time.sleep(0.01)
        raise IndexMissingError(f"the index at {self.folder} changed {tries} times while opening",
                                hint="try again")

    def pin(self) -> None:
        """Hold every file now in the folder open (and forget the files pinned before)."""
        self.unpin()
        for name in self.list():
            with contextlib.suppress(OSError):  # deleted meanwhile, or not a file
                self._pinned[name] = os.open(self._fpath(name), os.O_RDONLY)

    def unpin(self) -> None:
        while self._pinned:
            os.close(self._pinned.popitem()[1])

    def close(self) -> None:
        self.unpin()
        super().close()

    def file_exists(self, name) -> bool:
        return name in self._pinned or super().file_exists(name)

    def file_length(self, name) -> int:
        fd = self._pinned.get(name)
        return os.fstat(fd).st_size if fd is not None else super().file_length(name)

    def open_file(self, name, **kwargs):
        fd = self._pinned.get(name)
        if fd is not None:
            return _map(fd, name, **kwargs)
        with open(self._fpath(name), "rb") as f:
            return _map(f.fileno(), name, **kwargs)


def _map(fd: int, name: str, **kwargs):
    try:
        data = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    except ValueError:  # an empty file cannot be mapped
        return StructFile(BytesIO(), name=name, **kwargs)
    return MappedFile(data, name)
