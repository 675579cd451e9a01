"""How answers travel, whatever view made them: CORS for the data a script in another site may read,
compression by Accept-Encoding, and the validators that let a client or a cache ask "has it
changed?" and get 304 Not Modified.

The served graph is read-only, so an answer to a GET changes only when the graph is rebuilt (or
the software or the settings that shape answers change). Every GET/HEAD 200 answer therefore gets a
weak ETag made from the build's identity and the request (path, query string, the media type
negotiated), ``Last-Modified`` from the build's time, and the configured ``Cache-Control``; werkzeug
answers the conditional request. The tag is weak because one tag covers the identity, gzip and br
forms of one representation, which mean the same (RFC 9110, section 8.8.1): the 304 is decided
before compressing, so a 304 costs no compression.

Compression is flask-compress's, with two corrections: the client's Accept-Encoding is read by
werkzeug's parser by the rules of RFC 9110, section 12.5.3 (the library would choose a coding
refused with ``q=0``), and a partial (206) answer is never compressed. A streamed answer stays
streamed: it is compressed chunk by chunk and sent chunked.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request
from flask_compress import Compress
from flask_cors import CORS
from werkzeug.http import parse_accept_header

from cafcass_kg import formats
from cafcass_kg.errors import UsageError
from cafcass_kg.store import graph_identity, is_remote

EXTENSION = "cafcass_kg.delivery"

# The paths whose answers a script on another site may read: the endpoint, the descriptions of
# resources (pages and their RDF forms), the dumps and their description, the exports.
CORS_READ_PATHS = (r"^/(id|def)/.*", r"^/resource$", r"^/download/.*", r"^/\.well-known/void$", r"^/export$")
CORS_READ_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_QUERY_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]  # a query may be POSTed; updates are still refused
# What a script may send: the query's type and the formats it reads, and its own validators.
CORS_REQUEST_HEADERS = ["Content-Type", "Accept", "If-None-Match", "If-Modified-Since"]
# What a script may read besides the headers every script may (Content-Type, Last-Modified, ...).
CORS_EXPOSED_HEADERS = ["ETag", "Link", "Content-Disposition", "Repr-Digest", "Result-Rows", "Result-Rows-Capped"]

# The server's own page, script and style types, and XML and SVG that dumps and exports may be.
PAGE_TYPES = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
              "application/xml", "text/xml", "image/svg+xml", "text/plain")
CODINGS = ("br", "gzip")  # in the server's order of preference at equal quality
# The settings that change what an answer says: a tag made without them would outlive a change.
ANSWER_SETTINGS = ("ROW_LIMIT", "REFERRERS_PAGE", "SERVICE_ALLOW", "MAX_NESTING")
# Answers that must not be kept: whether the server is up is asked of the server, not a cache.
UNCACHED_PATHS = ("/health",)


@dataclass(frozen=True)
class Build:
    """What identifies the graph served: answers to the same GET are the same while it is."""

    identity: str | None  # None: not known (a remote store, which may be reloaded under the server)
    time: datetime  # when it was built, as Last-Modified (whole seconds, UTC)


def init_app(app: Flask) -> None:
    """CORS, compression and validators for every answer of ``app`` (its config already read)."""
    config = app.config
    app.extensions[EXTENSION] = build_of(config, app.extensions["cafcass_kg"].store)
    config.setdefault("COMPRESS_ALGORITHM", list(CODINGS))
    config.setdefault("COMPRESS_ALGORITHM_STREAMING", config["COMPRESS_ALGORITHM"])
    config.setdefault("COMPRESS_MIMETYPES", compressed_types())
    # A window of 256 KB rather than the library's 4 MB: br then sends a stream's first bytes after
    # about 0.5 MB read instead of 8 MB, and no page is larger than the window.
    config.setdefault("COMPRESS_BR_WINDOW", 18)
    config["COMPRESS_REGISTER"] = False  # called from deliver(), after the validators and only where it may
    app.extensions[EXTENSION + ".compress"] = Compress(app)
    origins = allowed_origins(config.get("CORS_ORIGINS", "*"))
    config["CORS_ORIGINS"] = origins
    read = {"methods": CORS_READ_METHODS}
    CORS(app, resources={r"^/sparql$": {"methods": CORS_QUERY_METHODS}, **{p: read for p in CORS_READ_PATHS}},
         origins=origins, allow_headers=CORS_REQUEST_HEADERS, expose_headers=CORS_EXPOSED_HEADERS,
         max_age=config.get("CORS_MAX_AGE"), send_wildcard=True, vary_header=False)
    app.extensions[NEGOTIATED] = _Negotiated(int(config.get("NEGOTIATED_KEPT", NEGOTIATED_KEPT)))
    app.before_request(answer_unchanged)
    app.after_request(deliver)


NEGOTIATED = EXTENSION + ".negotiated"
NEGOTIATED_KEPT = 50_000  # requests whose answer's media type is remembered, for 304s that run no view


class _Negotiated:
    """The media type each request (path, query, Accept) was answered in. For one build the same
    request gets the same answer, so a conditional repeat can be compared before its view runs: the
    304 then costs a lookup, not the page's queries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.types: OrderedDict[tuple, str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self.lock:
            found = self.types.get(key)
            if found is not None:
                self.types.move_to_end(key)
            return found

    def put(self, key: tuple, media_type: str) -> None:
        with self.lock:
            self.types[key] = media_type
            self.types.move_to_end(key)
            while len(self.types) > self.size:
                self.types.popitem(last=False)


def _request_key() -> tuple:
    return request.path, request.query_string, request.headers.get("Accept", "")


def answer_unchanged() -> Response | None:
    """A 304 for a conditional GET/HEAD whose answer this build has given before and the client
    still holds; None lets the view answer."""
    if request.method not in ("GET", "HEAD") or not (request.if_none_match or request.if_modified_since):
        return None
    if not _validated_here():
        return None
    media_type = current_app.extensions[NEGOTIATED].get(_request_key())
    if media_type is None:
        return None
    response = Response(status=200, content_type=media_type)
    _add_validators(response)
    response.make_conditional(request)
    return response if response.status_code == 304 else None


def allowed_origins(value: Any) -> list[str]:
    """The origins allowed, from the setting: "*", one origin, origins separated by commas (as an
    environment variable gives them), or a list."""
    if isinstance(value, str):
        value = value.split(",")
    origins = [str(o).strip().rstrip("/") for o in value or [] if str(o).strip()]
    return origins or ["*"]


def compressed_types() -> list[str]:
    """The media types worth compressing: the pages, scripts and styles, and every text format the
    server answers in (results, RDF, reports, exports); not PNG, which is compressed already."""
    served = {m.split(";")[0] for f in formats.of_kind() for m in f.media_types if not m.startswith("image/")}
    return sorted(served | set(PAGE_TYPES))


def build_of(config: Any, store: Any) -> Build:
    """The build served: ``BUILD_IDENTITY``/``BUILD_TIME`` when set; else the graph at
    ``GRAPH_PATH`` (its resolved path, inode and modification time); else a token of this process
    and the time the application was made (a graph built in memory lives as long as the process)."""
    time = _build_time(config.get("BUILD_TIME"))
    identity = config.get("BUILD_IDENTITY") or None
    path = config.get("GRAPH_PATH")
    if identity is None and path:
        identity = graph_identity(Path(path))
        time = time or datetime.fromtimestamp(Path(path).stat().st_mtime, UTC)
    elif identity is None and not is_remote(store):
        identity = secrets.token_hex(16)
    time = (time or datetime.now(UTC)).replace(microsecond=0)
    if identity is None:
        return Build(None, time)
    shaping = "|".join(f"{k}={config.get(k)!r}" for k in ANSWER_SETTINGS)
    key = f"{identity}\n{_software_version()}\n{shaping}"
    return Build(hashlib.sha256(key.encode("utf-8")).hexdigest(), time)


def _build_time(value: Any) -> datetime | None:
    """``BUILD_TIME``: a datetime, seconds since the epoch, or an ISO 8601 date and time."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, (int, float)):
            moment = datetime.fromtimestamp(value, UTC)
        else:
            moment = datetime.fromisoformat(str(value))
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"BUILD_TIME {value!r} is not a date: give seconds since 1970 or an ISO 8601 date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _software_version() -> str:
    try:
        return metadata.version("cafcass-kg")
    except metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


def deliver(response: Response) -> Response:
    """Validators (and the 304 they may allow), then compression: the last word on every answer."""
    if _cacheable(response):
        current_app.extensions[NEGOTIATED].put(_request_key(), response.content_type or "")
        _add_validators(response)
        if response.is_streamed:
            # werkzeug would measure the body for Content-Length, reading a stream whole first
            response.automatically_set_content_length = False
        response.make_conditional(request)
    if "*" not in current_app.config["CORS_ORIGINS"]:
        response.vary.add("Origin")  # the CORS headers depend on the page asking
    if response.status_code == 206 or "Content-Range" in response.headers:
        return response  # a range of the identity bytes: compressing it would make nonsense of the range
    return _compress(response)


def _cacheable(response: Response) -> bool:
    """A GET/HEAD 200 of this server's own making, for a graph whose identity is known."""
    return (request.method in ("GET", "HEAD") and response.status_code == 200 and "ETag" not in response.headers
            and _validated_here())


def _validated_here() -> bool:
    """Answers to this request get validators: the graph's identity is known, the path is no health
    check, and a query cannot reach another server (SERVICE)."""
    return (current_app.extensions[EXTENSION].identity is not None and request.path not in UNCACHED_PATHS
            and not (request.path == "/sparql" and current_app.config.get("SERVICE_ALLOW")))


def _add_validators(response: Response) -> None:
    """ETag, Last-Modified, Cache-Control and Vary: Accept (the media type is negotiated). HEAD has
    the tag of GET: it tells what a GET would get."""
    build: Build = current_app.extensions[EXTENSION]
    # Not the host: a tag is sent back only to the URL it came from, and a restart on another port
    # would otherwise change every tag of the same build.
    request_key = "\n".join(("GET", request.path, request.query_string.decode("latin-1"), response.content_type or ""))
    tag = hashlib.sha256(f"{build.identity}\n{request_key}".encode()).hexdigest()[:32]
    response.set_etag(tag, weak=True)
    response.last_modified = build.time
    cache_control = current_app.config.get("CACHE_CONTROL")
    if cache_control and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = cache_control
    response.vary.add("Accept")


def _compress(response: Response) -> Response:
    """flask-compress, handed the coding chosen here: its own parser takes ``gzip;q=0`` for a
    wish. The request's header is replaced for the call only."""
    environ = request.environ
    sent = environ.get("HTTP_ACCEPT_ENCODING")
    environ["HTTP_ACCEPT_ENCODING"] = content_coding(sent, current_app.config["COMPRESS_ALGORITHM"]) or "identity"
    try:
        return current_app.extensions[EXTENSION + ".compress"].after_request(response)
    finally:
        if sent is None:
            environ.pop("HTTP_ACCEPT_ENCODING", None)
        else:
            environ["HTTP_ACCEPT_ENCODING"] = sent


def content_coding(header: str | None, offered: list[str] | tuple[str, ...]) -> str | None:
    """The coding to answer in, by RFC 9110 section 12.5.3; None for none (identity).

    A coding named with a quality above 0 is acceptable, one named with ``q=0`` is refused, and
    ``*`` stands for the codings not named. No header, or one naming nothing we have, gets the
    answer as it is: when nothing acceptable is on offer (even ``*;q=0`` or ``identity;q=0``) the
    server answers without a coding rather than 406, which RFC 9110 keeps from RFC 7231 for
    interoperability. An entry whose quality is not a number is left out (werkzeug's parser)."""
    if not header:
        return None
    qualities: dict[str, float] = {}
    for value, quality in parse_accept_header(header):
        qualities.setdefault(value.lower(), quality)
    anything = qualities.get("*", 0.0)
    identity = qualities.get("identity", 0.0)
    best, best_quality = None, 0.0
    for coding in offered:
        quality = qualities.get(coding, anything)
        if quality > best_quality:
            best, best_quality = coding, quality
    return best if best is not None and best_quality >= identity else None


def build_info(app: Flask) -> Build:
    """The build an application serves (for the tests and for operators)."""
    return app.extensions[EXTENSION]
