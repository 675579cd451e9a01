"""The project's exceptions, and the one place that maps them to exit codes and HTTP statuses."""

from __future__ import annotations


class CafcassKGError(Exception):
    """Base class: a failure with a message meant for a person."""

    exit_code = 2
    http_status = 400


class DocumentError(CafcassKGError):
    """A source document cannot be loaded; the rest of a batch still can."""

    exit_code = 1

    def __init__(self, document: str, reason: str, where: str | None = None):
        self.document = document
        self.reason = reason
        self.where = where
        place = f" ({where})" if where else ""
        super().__init__(f"{document}{place}: {reason}")

    def __reduce__(self):
        # Sent back from a worker process: rebuilt from its own arguments (the default pickling
        # passes only the message, which __init__ cannot take).
        return (type(self), (self.document, self.reason, self.where))


class GraphFileError(CafcassKGError):
    """A graph file cannot be read or written."""

    exit_code = 2


class ShapesError(CafcassKGError):
    """The shapes cannot be read or are not valid SHACL: validation cannot run."""

    exit_code = 2
    http_status = 400


class QueryError(CafcassKGError):
    """A SPARQL query is malformed, or asks for something this tool refuses."""

    exit_code = 2
    http_status = 400


class UsageError(CafcassKGError):
    """The command was asked for something it cannot do (unknown format, missing file)."""

    exit_code = 2


class StoreError(CafcassKGError):
    """A remote SPARQL store cannot be reached, or refused what it was sent."""

    exit_code = 2
    http_status = 502


class TransientStoreError(StoreError):
    """A failure worth trying again: the store unreachable, overloaded or restarting."""


class StoreRefused(StoreError):
    """The store answered a load with an error: too large a request, or data it does not take."""


class StoreTimeout(StoreError):
    """The store did not answer in time: a query is not tried again (it would take as long), a
    load is (its requests can be repeated)."""

    http_status = 503
