"""Validation time and memory on generated corpora of N documents.

    python benchmarks/bench_validation.py --sizes 10 100 1000 --repeats 3 --reference-up-to 100

For each N: generate the corpus (seeded), build its graph once, then validate it in a fresh process
per run (so that peak memory is the run's own), with an engine (--engine, default "oxigraph":
document shapes on pySHACL, cross-checks on Oxigraph; "auto" is the fast engine) and, up to
--reference-up-to documents, with pySHACL for everything. The graph is read into rdflib first
(the engines compared here work on an rdflib Dataset); bench_build.py measures the default
`validate` command on the store. Prints a Markdown table of medians; runs of one size are interleaved between engines.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import generate  # noqa: E402

CHILD = """
import json, resource, sys, time
from cafcass_kg.validation import read_dataset, validate_dataset
started = time.perf_counter()
dataset = read_dataset(sys.argv[1])
read = time.perf_counter() - started
report = validate_dataset(dataset, engine=sys.argv[2])
print(json.dumps({"read": read, "validate": report.seconds, "total": time.perf_counter() - started,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "triples": report.triples, "violations": report.count("Violation"), "warnings": report.count("Warning"),
                  "results": sorted([r.severity, r.focus, r.path or "", r.message] for r in report.results)}))
"""


def run_child(graph: Path, engine: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(graph), engine], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def build_graph(corpus: Path, graph: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cafcass_kg.cli", "build", "-q", "--no-validate", str(corpus), "-o", str(graph)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--engine", default="oxigraph", choices=["auto", "fast", "oxigraph"],
                        help="the engine compared with pySHACL (the table in benchmarks/README.md used oxigraph)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reference-up-to", type=int, default=100,
                        help="also time pySHACL-only validation up to this many documents")
    args = parser.parse_args(argv)
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus, graph = Path(tmp) / f"corpus-{n}", Path(tmp) / f"kg-{n}.trig"
            generate(n, corpus)
            build_seconds = build_graph(corpus, graph)
            engines = [args.engine] + (["pyshacl"] if n <= args.reference_up_to else [])
            runs: dict[str, list[dict]] = {e: [] for e in engines}
            repeats = args.repeats if n <= 100 else 1
            for _ in range(repeats):
                for engine in engines:  # interleaved: both engines see the same machine load
                    runs[engine].append(run_child(graph, engine))
                    print(f"N={n} {engine}: {runs[engine][-1]['total']:.1f} s", file=sys.stderr)
            auto = runs[args.engine]
            row = {
                "n": n, "triples": auto[0]["triples"], "build": build_seconds, "repeats": repeats,
                "read": statistics.median(r["read"] for r in auto),
                "validate": statistics.median(r["validate"] for r in auto),
                "rss": statistics.median(r["rss_mb"] for r in auto),
                "warnings": auto[0]["warnings"], "violations": auto[0]["violations"],
            }
            if "pyshacl" in runs:
                ref = runs["pyshacl"]
                row["reference"] = statistics.median(r["validate"] for r in ref)
                # The same results up to the order of the titles a message lists (GROUP_CONCAT has no order).
                same = [[r[0], r[1], r[2]] for r in auto[0]["results"]] == [[r[0], r[1], r[2]] for r in ref[0]["results"]]
                row["same"] = "yes" if same else "NO"
            rows.append(row)
    print("| documents | triples | build (s) | read graph (s) | validate (s) | per 1,000 triples (s) | peak RSS (MB) | violations / warnings | pySHACL only (s) | same results | runs |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        print(f"| {r['n']:,} | {r['triples']:,} | {r['build']:.1f} | {r['read']:.1f} | {r['validate']:.1f} | "
              f"{r['validate'] / r['triples'] * 1000:.3f} | {r['rss']:.0f} | {r['violations']} / {r['warnings']} | "
              f"{format(r['reference'], '.1f') if 'reference' in r else '-'} | {r.get('same', '-')} | {r['repeats']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
