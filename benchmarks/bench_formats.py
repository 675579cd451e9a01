"""Build speed and memory by format: the same generated documents as text, as web pages and as PDF.

    .venv/bin/python benchmarks/bench_formats.py --documents 1000 --rounds 3
    .venv/bin/python benchmarks/bench_formats.py --documents 1000 --baseline-python /tmp/base/bin/python

The corpus (seed 1) is generated once as text, then each document is wrapped as a web page (the
three site styles of tests/render_web_page.py in turn) and printed to PDF (tests/render_pdf.py,
the layouts of the real publications). Each round runs `cafcass-kg build --no-validate` on each
format in a fresh process, the formats interleaved so that the machine's load falls on all of
them alike; the table gives the median wall time, documents per second and the peak RSS of the
build and its workers. `--baseline-python` runs the text build with another installation as well
(an earlier version of the project), in the same rounds, for a side-by-side ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from bench_build import timed  # noqa: E402
from generate_corpus import generate  # noqa: E402

from tests import render_pdf, render_web_page  # noqa: E402

STYLES = ("cafcass", "govuk", "trade_press")


def write_formats(n: int, root: Path) -> dict[str, Path]:
    """The corpus as text, web pages and PDFs, each in a folder of its own."""
    folders = {kind: root / kind for kind in ("text", "html", "pdf")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for i, path in enumerate(generate(n, folders["text"], seed=1)):
        text = path.read_text(encoding="utf-8")
        (folders["html"] / f"{path.stem}.html").write_bytes(render_web_page.render(text, STYLES[i % len(STYLES)]))
        layout = render_pdf.ofsted_layout(text) if "Record of main findings" in text else render_pdf.press_release_layout(text)
        (folders["pdf"] / f"{path.stem}.pdf").write_bytes(render_pdf.render(text, layout))
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--baseline-python", default=None, help="a Python with an earlier version installed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folders = write_formats(args.documents, root)
        runs = {"text": [sys.executable, folders["text"]], "html": [sys.executable, folders["html"]],
                "pdf": [sys.executable, folders["pdf"]]}
        if args.baseline_python:
            runs["text (baseline)"] = [args.baseline_python, folders["text"]]
        results: dict[str, list[tuple[float, float]]] = {kind: [] for kind in runs}
        for round_number in range(args.rounds):
            for kind, (python, folder) in runs.items():
                command = [python, "-m", "cafcass_kg.cli", "build", "-q", "--no-validate", str(folder),
                           "-o", str(root / "out.trig")]
                if args.workers:
                    command += ["--workers", str(args.workers)]
                # run from the temporary folder: "python -m" would otherwise import this checkout's code
                # whichever installation the Python has
                seconds, rss, _ = timed(command, cwd=root)
                results[kind].append((seconds, rss))
                print(f"round {round_number + 1} {kind}: {seconds:.1f} s, {rss:,.0f} MB", file=sys.stderr, flush=True)
        sizes = {kind: sum(p.stat().st_size for p in folder.iterdir()) / 1e6 for kind, (_, folder) in runs.items()}
    text_median = statistics.median(s for s, _ in results["text"])
    print(f"| format | documents | input (MB) | build, median of {args.rounds} (s) | documents/s | peak RSS (MB) | time / text |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind, measured in results.items():
        seconds = statistics.median(s for s, _ in measured)
        rss = max(r for _, r in measured)
        print(f"| {kind} | {args.documents:,} | {sizes[kind]:,.1f} | {seconds:.1f} | {args.documents / seconds:,.0f} "
              f"| {rss:,.0f} | {seconds / text_median:.2f} |")


if __name__ == "__main__":
    main()
