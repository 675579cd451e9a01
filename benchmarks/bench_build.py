"""Build, serve start and validation at growing N, each command in a fresh process.

    .venv/bin/python benchmarks/bench_build.py --sizes 10 100 1000 10000

For each size: generate the corpus (seed 1), then `cafcass-kg build --no-validate` into a store
folder (wall time, documents and triples per second, peak RSS of the build and its workers, size
on disk), `cafcass-kg serve` on that store (seconds until /health answers, no re-parsing), and
`cafcass-kg validate` (the default engine; wall time and peak RSS). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_corpus import generate  # noqa: E402

CLI = [sys.executable, "-m", "cafcass_kg.cli"]


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the process and the children it waited for, stderr)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024, stderr


def serve_start(store: Path) -> float:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    server = subprocess.Popen([*CLI, "serve", "--graph", str(store), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read()
                return time.perf_counter() - started
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("the server stopped before answering")
                time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(timeout=10)


def folder_size(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--no-validate", action="store_true", help="leave validation out")
    args = parser.parse_args()
    print("| documents | triples | build (s) | documents/s | triples/s | build peak RSS (MB) | store (MB) "
          "| serve ready (s) | validate (s) | validate peak RSS (MB) | warnings |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus, store = Path(tmp) / "corpus", Path(tmp) / "kg.oxigraph"
            generate(n, corpus, seed=1)
            seconds, rss, stderr = timed([*CLI, "build", "-q", "--no-validate", str(corpus), "-o", str(store)])
            triples = int(re.search(r"(\d+) triples", stderr).group(1))
            ready = serve_start(store)
            validate = ("-", "-", "-")
            if not args.no_validate:
                v_seconds, v_rss, v_err = timed([*CLI, "validate", "--graph", str(store), "--format", "json", "-o",
                                                 str(Path(tmp) / "report.json")])
                warnings = re.search(r"(\d+) warnings", v_err)
                validate = (f"{v_seconds:.1f}", f"{v_rss:,.0f}", warnings.group(1) if warnings else "?")
            print(f"| {n:,} | {triples:,} | {seconds:.1f} | {n / seconds:,.0f} | {triples / seconds:,.0f} | {rss:,.0f} "
                  f"| {folder_size(store):,.0f} | {ready:.2f} | {validate[0]} | {validate[1]} | {validate[2]} |", flush=True)


if __name__ == "__main__":
    main()
