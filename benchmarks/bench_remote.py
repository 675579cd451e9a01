"""The remote store (Virtuoso) beside the embedded one: load rate and competency-query latency.

    python benchmarks/bench_remote.py --sizes 100 1000 --repeats 3

For each size: generate the corpus and build it once into an in-memory store; then, side by side,
load that build into an embedded store folder (Oxigraph on disk, as 'cafcass-kg build' does) and
into a fresh Virtuoso (Debian's virtuoso-opensource, started on loopback) by the Graph Store
Protocol, as 'cafcass-kg build --store' does. Each round then runs every competency query once on
each store, interleaved: pyoxigraph in this process on the store folder, and the same query sent to
Virtuoso by the SPARQL 1.1 Protocol (HTTP round trip and parsing of the answer included). Medians
over the rounds, and each answer compared with the embedded store's once (as the tests compare
them). The client opens a connection per request (keep_alive false, advised for Virtuoso).
Virtuoso runs with --buffers 8 KB pages (20,000, about 170 MB, is the tests' setting).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import pyoxigraph as ox  # noqa: E402
from generate_corpus import generate  # noqa: E402

from cafcass_kg.build import build  # noqa: E402
from cafcass_kg.errors import CafcassKGError  # noqa: E402
from cafcass_kg.store.remote import RemoteStore, StoreSettings, load_build  # noqa: E402
from cafcass_kg.resources import query_files  # noqa: E402
from cafcass_kg.store import open_store_directory, run_query  # noqa: E402
from tests import virtuoso  # noqa: E402
from tests.test_remote_store import normalised  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def consume(results) -> int:
    return 1 if isinstance(results, ox.QueryBoolean) else sum(1 for _ in results)


def run(size: int, repeats: int, buffers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate(size, corpus, 1)
        built = build([corpus]).store
        quads = len(built)
        folder = Path(tmp) / "kg.oxigraph"

        def embedded_load():
            store = ox.Store(str(folder))
            store.bulk_extend(built.quads_for_pattern(None, None, None, None))
            store.flush()
            store.optimize()
            del store

        embedded_seconds = timed(embedded_load)
        server = virtuoso.start(buffers=buffers)
        try:
            remote = RemoteStore(StoreSettings(server.sparql, server.update, server.graph_store, virtuoso.USER,
                                               virtuoso.PASSWORD, timeout=600, keep_alive=False))
            report = load_build(remote, built)
            print(f"\n{size} documents, {quads:,} quads (document graphs and their merge)")
            print(f"load: embedded store folder {embedded_seconds:.1f} s ({quads / embedded_seconds:,.0f} quads/s); "
                  f"Virtuoso {report.seconds:.1f} s ({quads / report.seconds:,.0f} quads/s, {report.requests} requests)")
            embedded = open_store_directory(folder)
            started = time.perf_counter()
            graphs = len(remote.named_graphs(fresh=True))
            print(f"listing the {graphs} graphs of the store: {(time.perf_counter() - started) * 1000:.0f} ms")
            times: dict[str, tuple[list[float], list[float]]] = {}
            failed: dict[str, str] = {}
            same = {}
            for path in query_files():  # the answers compared once, as the tests compare them
                text = path.read_text(encoding="utf-8")
                try:
                    same[path.stem] = normalised(run_query(remote, text), text) == normalised(run_query(embedded, text), text)
                except CafcassKGError:
                    same[path.stem] = False
            for _ in range(repeats):
                for path in query_files():
                    text = path.read_text(encoding="utf-8")
                    local = timed(lambda: consume(run_query(embedded, text)))
                    try:
                        far = timed(lambda: consume(run_query(remote, text)))
                    except CafcassKGError as exc:
                        failed[path.stem] = str(exc)[:160]
                        continue
                    times.setdefault(path.stem, ([], []))[0].append(local)
                    times[path.stem][1].append(far)
            print("| query | embedded (ms) | Virtuoso (ms) | ratio | same answer |")
            print("|---|---:|---:|---:|---|")
            for name, (local, far) in times.items():
                a, b = statistics.median(local) * 1000, statistics.median(far) * 1000
                print(f"| {name} | {a:.1f} | {b:.1f} | {b / a:.1f} | {'yes' if same[name] else 'NO'} |")
            for name, reason in failed.items():
                print(f"| {name} | | fails: {reason} | | |")
            total_a = sum(statistics.median(v[0]) for v in times.values()) * 1000
            total_b = sum(statistics.median(v[1]) for v in times.values()) * 1000
            print(f"| the {len(times)} answered | {total_a:.1f} | {total_b:.1f} | {total_b / total_a:.1f} |")
        finally:
            virtuoso.remove(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--buffers", type=int, default=20_000, help="Virtuoso's NumberOfBuffers (8 KB pages)")
    args = parser.parse_args()
    if not virtuoso.available():
        sys.exit("Debian's virtuoso-opensource is not installed (apt-get install virtuoso-opensource)")
    for size in args.sizes:
        run(size, args.repeats, args.buffers)


if __name__ == "__main__":
    main()
