"""Library exceptions. The CLI translates them, once, into a one-line message and an exit code."""

from __future__ import annotations

# Exit codes (documented in the README).
EXIT_OK = 0
EXIT_NO_HITS = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_LOCKED = 75  # EX_TEMPFAIL


class NewsindexError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1
    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class UsageError(NewsindexError):
    """The user asked for something that cannot be done as asked."""

    exit_code = EXIT_USAGE


class QueryError(UsageError):
    """A query that does not parse, or would silently mean something else."""


class IndexMissingError(UsageError):
    """No index at the given place."""

    hint = "build it with: newsindex index --corpus DIR --index DIR"


class IndexLockedError(NewsindexError):
    """Another process holds the index's write lock."""

    exit_code = EXIT_LOCKED


class PageError(NewsindexError):
    """One page could not be turned into an article; the run goes on without it."""
