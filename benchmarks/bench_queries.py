"""Competency-query latency: the endpoint against pyoxigraph directly and a plain rdflib graph.

    python benchmarks/bench_queries.py --sizes 10 100 1000 --repeats 5 --rdflib-up-to 100

For each size: generate and build the corpus; load the graph into pyoxigraph (as the server does)
and into an rdflib Dataset; start `cafcass-kg serve` on loopback. Each round runs every competency
query once on each, interleaved; medians over the rounds. The endpoint's figure has the median of
an empty query's round trip (the fixed cost of HTTP) set aside, as the targets ask. rdflib runs in
a child process per query with a time limit, as it can take minutes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_endpoint import free_port, start_server  # noqa: E402
from generate_corpus import generate  # noqa: E402

from cafcass_kg.resources import query_files  # noqa: E402
from cafcass_kg.store import load_store  # noqa: E402

RDFLIB_CHILD = """
import sys, time
from rdflib import Dataset
dataset = Dataset(default_union=True)
dataset.parse(sys.argv[1], format="trig")
query = open(sys.argv[2], encoding="utf-8").read()
started = time.perf_counter()
rows = list(dataset.query(query))
print(time.perf_counter() - started)
"""


def time_pyoxigraph(store, query: str) -> float:
    import pyoxigraph as ox

    started = time.perf_counter()
    results = store.query(query)
    if isinstance(results, ox.QueryTriples):
        ox.serialize(results, format=ox.RdfFormat.N_TRIPLES)
    else:
        results.serialize(format=ox.QueryResultsFormat.JSON)
    return time.perf_counter() - started


def time_endpoint(url: str, query: str) -> float:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
    return time.perf_counter() - started


def time_rdflib(graph: Path, query_file: Path, limit: float) -> float | str:
    """Seconds, or why there is no figure: rdflib's engine fails on some of the queries."""
    try:
        out = subprocess.run([sys.executable, "-c", RDFLIB_CHILD, str(graph), str(query_file)], capture_output=True,
                             text=True, timeout=limit + 120)
    except subprocess.TimeoutExpired:
        return "timed out"
    if out.returncode != 0:
        return "error: " + (out.stderr.strip().splitlines() or ["?"])[-1][:60]
    return float(out.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rdflib-up-to", type=int, default=100, help="largest size to time on rdflib too")
    parser.add_argument("--rdflib-limit", type=float, default=60.0, help="seconds before an rdflib query counts as timed out")
    parser.add_argument("--store-folder", action="store_true",
                        help="pyoxigraph and the endpoint both read the on-disk store folder a build writes by default "
                             "(otherwise both read the TriG file into memory)")
    args = parser.parse_args(argv)
    files = query_files()
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus, graph, folder = Path(tmp) / f"corpus-{n}", Path(tmp) / f"kg-{n}.trig", Path(tmp) / f"kg-{n}.oxigraph"
            generate(n, corpus)
            outputs = ([folder] if args.store_folder else []) + ([graph] if not args.store_folder or n <= args.rdflib_up_to else [])
            for output in outputs:
                subprocess.run([sys.executable, "-m", "cafcass_kg.cli", "build", "-q", "--no-validate", str(corpus), "-o", str(output)],
                               check=True, capture_output=True)
            served = folder if args.store_folder else graph
            store = load_store(served)
            port = free_port()
            server = start_server(served, port, threads=8, workers=2)
            url = f"http://127.0.0.1:{port}/sparql"
            try:
                times: dict[str, dict[str, list[float]]] = {f.stem: {"ox": [], "http": []} for f in files}
                empty: list[float] = []
                for _ in range(args.repeats):
                    empty.append(time_endpoint(url, "ASK {}"))
                    for f in files:
                        text = f.read_text(encoding="utf-8")
                        times[f.stem]["ox"].append(time_pyoxigraph(store, text))
                        times[f.stem]["http"].append(time_endpoint(url, text))
            finally:
                server.terminate()
                server.wait(timeout=10)
            fixed = statistics.median(empty)
            rdflib_times = {}
            if n <= args.rdflib_up_to:
                for f in files:
                    rdflib_times[f.stem] = time_rdflib(graph, f, args.rdflib_limit)
            where = "the store folder" if args.store_folder else "the TriG file in memory"
            print(f"\n### {n:,} documents, {where} (HTTP round trip of an empty query: {fixed * 1000:.1f} ms, set aside)\n")
            print("| query | pyoxigraph (ms) | endpoint, net (ms) | endpoint / pyoxigraph | rdflib (ms) | rdflib / pyoxigraph |")
            print("|---|---:|---:|---:|---:|---:|")
            for f in files:
                ox_ms = statistics.median(times[f.stem]["ox"]) * 1000
                net_ms = max(statistics.median(times[f.stem]["http"]) - fixed, 0) * 1000
                rd = rdflib_times.get(f.stem)
                rd_cell = "-" if rd is None else (rd if isinstance(rd, str) else f"{rd * 1000:.1f}")
                rd_ratio = f"{rd * 1000 / ox_ms:.0f}x" if isinstance(rd, float) and ox_ms > 0 else "-"
                print(f"| {f.stem} | {ox_ms:.1f} | {net_ms:.1f} | {net_ms / ox_ms:.2f} | {rd_cell} | {rd_ratio} |", flush=True)
                summary.append({"n": n, "query": f.stem, "ox_ms": ox_ms, "net_ms": net_ms})
    print(json.dumps({"worst_endpoint_ratio": max(s["net_ms"] / s["ox_ms"] for s in summary if s["ox_ms"] > 0)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
