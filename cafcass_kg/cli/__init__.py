"""The ``cafcass-kg`` command. Data goes to stdout; progress and messages go to stderr.

One module per group of commands, each adding its commands to the group ``main`` (``common``):
``build``; ``query``; ``reports`` (validate, docs, evaluate); ``export``; ``serve``.
"""

from __future__ import annotations

from . import build, export, query, reports, serve  # noqa: F401  (each adds its commands to main)
from .common import main

__all__ = ["main"]
