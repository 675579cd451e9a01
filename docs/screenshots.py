"""Make the README's screenshots: the overview, a service area and an inspection, as a reader sees
them in a browser. Serves the graph on a free loopback port, opens the pages in headless chromium
(Debian's, through Playwright) and writes PNG files beside this script.

    python docs/screenshots.py [--graph kg.oxigraph] [--chromium /usr/bin/chromium]

Without --graph the server builds the bundled corpus. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent / "screenshots"
VIEWPORT = {"width": 1200, "height": 900}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="store folder or graph file to serve (default: the bundled corpus)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("-o", "--output", type=Path, default=HERE, help="folder for the PNG files")
    args = parser.parse_args()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("error: Playwright is not installed (pip install -e '.[test]')", file=sys.stderr)
        return 2
    if not Path(args.chromium).exists():
        print(f"error: no chromium at {args.chromium} (apt-get install chromium)", file=sys.stderr)
        return 2
    args.output.mkdir(parents=True, exist_ok=True)
    with serving(args.graph) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        for name, address in pages_to_show(page, base):
            page.goto(base + address)
            page.screenshot(path=str(args.output / f"{name}.png"), full_page=False)
            print(f"wrote {args.output / name}.png ({address})", file=sys.stderr)
        browser.close()
    return 0


def pages_to_show(page, base: str) -> list[tuple[str, str]]:
    """The overview, the graded area with the most inspections, and the latest inspection that sets out
    areas for improvement; chosen from what the overview lists, not named here."""
    page.goto(base + "/")
    rows = page.locator("#areas tbody tr").all()
    graded = [r for r in rows if r.locator(".badge").count()] or rows
    counts = [_inspection_count(r.locator("td").nth(3).inner_text()) for r in graded]
    # the graded area with the most inspections; the first in the table's order among equals
    area = graded[counts.index(max(counts))].locator("td").nth(1).locator("a").get_attribute("href") if graded else "/"
    inspections = [r.locator("td").nth(3).locator("a").first.get_attribute("href") for r in rows
                   if r.locator("td").nth(3).locator("a").count()]
    inspection = next((i for i in inspections if _has_improvements(page, base + i)), inspections[0] if inspections else "/")
    return [("overview", "/"), ("area", area), ("inspection", inspection)]


def _inspection_count(cell: str) -> int:
    return int(cell.split("(")[1].split()[0]) if "(" in cell else (1 if cell.strip() else 0)


def _has_improvements(page, url: str) -> bool:
    page.goto(url)
    return page.locator("#improvements tbody tr").count() > 0


@contextmanager
def serving(graph: Path | None):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    where = ["--graph", str(graph)] if graph else []
    server = subprocess.Popen([sys.executable, "-m", "cafcass_kg.cli", "serve", *where, "--port", str(port)],
                              stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("error: the server did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
