"""What a long command tells the person running it, on stderr. A small batch names each document
as it is read; a large one shows a progress bar on a terminal (tqdm) and, in a log, a line at each
tenth; a skipped document and a warning are always named, whatever the size. Ten thousand documents
are no longer ten thousand lines."""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm

EACH_UP_TO = 50  # documents: up to this many, each is named on a line of its own
LOG_STEPS = 10  # in a log (no terminal), a line at each tenth


class Counter:
    """Steps through one stage (reading, mapping, loading) of a known number of items."""

    def __init__(self, progress: "Progress", what: str, total: int):
        self.progress, self.what, self.total, self.done = progress, what, total, 0
        self.named = total <= progress.each_up_to
        self.bar = None
        if not self.named and not progress.quiet and progress.is_terminal:
            self.bar = tqdm(total=total, desc=what, file=progress.stream, unit=" documents", leave=False,
                            dynamic_ncols=True, mininterval=0.5)
        self.next_line = total // LOG_STEPS or 1

    def step(self, detail: str | None = None) -> None:
        """One item done; ``detail`` names it where the batch is small enough to name each one."""
        self.done += 1
        if self.progress.quiet:
            return
        if self.named:
            if detail:
                self.progress.say(f"[{self.done}/{self.total}] {detail}")
        elif self.bar is not None:
            self.bar.update(1)
        elif self.done >= self.next_line or self.done == self.total:
            self.progress.say(f"{self.what}: {self.done:,} of {self.total:,}")
            self.next_line = self.done + (self.total // LOG_STEPS or 1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.progress.say(f"{self.what}: {self.done:,} of {self.total:,}")
            self.bar = None

    def __enter__(self) -> "Counter":
        self.progress.active = self
        return self

    def __exit__(self, *exc) -> None:
        self.close()
        self.progress.active = None


class Progress:
    """Messages and counted stages on one stream (stderr by default)."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False, each_up_to: int = EACH_UP_TO):
        self.stream = stream if stream is not None else sys.stderr
        self.quiet, self.each_up_to = quiet, each_up_to
        self.active: Counter | None = None

    @property
    def is_terminal(self) -> bool:
        return hasattr(self.stream, "isatty") and self.stream.isatty()

    def say(self, message: str) -> None:
        """A line for the person (printed above a progress bar, which is then drawn again)."""
        if self.quiet:
            return
        if self.active is not None and self.active.bar is not None:
            self.active.bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream, flush=True)

    def counting(self, what: str, total: int) -> Counter:
        return Counter(self, what, total)


SILENT = Progress(quiet=True)
