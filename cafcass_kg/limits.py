"""What reading one document may cost: a module of its own so that the command line can show the
defaults without importing the loaders (about 100 ms at every start)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one document may cost. A file or a text over its size limit is refused before it is
    parsed; time and memory are enforced by the build's worker processes."""

    file_bytes: int = 200 << 20  # a published PDF with images rarely passes 50 MB
    text_characters: int = 30_000_000  # reading is linear, about 4 s a million characters
    seconds: float = 300.0  # reading and parsing one document
    memory_bytes: int = 4 << 30  # a worker's growth while reading one document
