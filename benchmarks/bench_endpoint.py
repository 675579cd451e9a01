"""Endpoint load test: concurrent clients sending the competency queries to a real server.

    python benchmarks/bench_endpoint.py --documents 100 --clients 1 4 16 --seconds 20

Builds the graph of a generated corpus (or the bundled one with --documents 0), starts
`cafcass-kg serve` on loopback (waitress, the production way), and for each number of clients runs
them for the given time, each sending the twenty competency queries in turn over HTTP. Reports
throughput, median and 95th-percentile latency, and every non-200 answer (there must be none).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import generate  # noqa: E402

from cafcass_kg.resources import query_files  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(graph: Path, port: int, threads: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "CAFCASS_KG_QUERY_WORKERS": str(workers)}
    server = subprocess.Popen([sys.executable, "-m", "cafcass_kg.cli", "serve", "--graph", str(graph), "--port", str(port),
                               "--threads", str(threads)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def client(url: str, queries: list[str], stop: float, latencies: list[float], errors: list[str]) -> None:
    i = 0
    while time.monotonic() < stop:
        body = urllib.parse.urlencode({"query": queries[i % len(queries)]}).encode()
        request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                if response.status != 200:
                    errors.append(str(response.status))
        except Exception as exc:  # noqa: BLE001 - every failure counts, whatever its kind
            errors.append(str(exc))
        latencies.append(time.perf_counter() - started)
        i += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100, help="generated documents (0: the bundled corpus)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--workers", type=int, default=2, help="query worker processes")
    args = parser.parse_args(argv)
    queries = [p.read_text(encoding="utf-8") for p in query_files()]
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "kg.trig"
        command = [sys.executable, "-m", "cafcass_kg.cli", "build", "-q", "--no-validate", "-o", str(graph)]
        if args.documents:
            generate(args.documents, Path(tmp) / "corpus")
            command.insert(-2, str(Path(tmp) / "corpus"))
        subprocess.run(command, check=True, capture_output=True)
        port = free_port()
        server = start_server(graph, port, args.threads, args.workers)
        url = f"http://127.0.0.1:{port}/sparql"
        print("| clients | queries | per second | median (ms) | p95 (ms) | errors |\n|---:|---:|---:|---:|---:|---:|")
        try:
            for n in args.clients:
                latencies: list[float] = []
                errors: list[str] = []
                stop = time.monotonic() + args.seconds
                threads = [threading.Thread(target=client, args=(url, queries, stop, latencies, errors)) for _ in range(n)]
                started = time.monotonic()
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                elapsed = time.monotonic() - started
                ordered = sorted(latencies)
                p95 = ordered[int(len(ordered) * 0.95) - 1] if ordered else float("nan")
                print(f"| {n} | {len(latencies)} | {len(latencies) / elapsed:.1f} | {statistics.median(ordered) * 1000:.1f} | "
                      f"{p95 * 1000:.1f} | {len(errors)} |", flush=True)
                if errors:
                    print(f"errors: {sorted(set(errors))[:5]}", file=sys.stderr)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
