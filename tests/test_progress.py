"""What a build tells the person running it: each document in a small batch, a bar on a terminal
or a line at each tenth in a log for a large one, and every skip and warning by name."""

from __future__ import annotations

import io

from cafcass_kg.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_small_batch_names_each_document():
    out = io.StringIO()
    with Progress(out).counting("read", 3) as counter:
        for name in ("a.txt", "b.pdf", "c.html"):
            counter.step(name)
    assert out.getvalue().splitlines() == ["[1/3] a.txt", "[2/3] b.pdf", "[3/3] c.html"]


def test_a_large_batch_in_a_log_is_a_line_at_each_tenth_with_skips_still_named():
    out = io.StringIO()
    progress = Progress(out)
    with progress.counting("read", 10_000) as counter:
        for i in range(10_000):
            counter.step(f"doc{i}.txt")
            if i == 4321:
                progress.say("skipped doc4321.txt: the file is empty")
    lines = out.getvalue().splitlines()
    assert len(lines) == 11
    assert lines[0] == "read: 1,000 of 10,000" and lines[-1] == "read: 10,000 of 10,000"
    assert "skipped doc4321.txt: the file is empty" in lines


def test_a_large_batch_on_a_terminal_is_a_bar_that_ends_on_a_line():
    out = Terminal()
    progress = Progress(out)
    with progress.counting("read", 500) as counter:
        for i in range(500):
            counter.step()
            if i == 10:
                progress.say("    warning: x.txt: no Record of main findings")
    text = out.getvalue()
    assert "\r" in text and "read" in text  # the bar redrawn in place
    assert "    warning: x.txt: no Record of main findings\n" in text
    assert text.rstrip().endswith("read: 500 of 500")


def test_quiet_says_nothing():
    out = io.StringIO()
    progress = Progress(out, quiet=True)
    with progress.counting("read", 100) as counter:
        for _ in range(100):
            counter.step("x")
    progress.say("skipped y")
    assert out.getvalue() == ""
