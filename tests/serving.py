"""A real `cafcass-kg serve` process on loopback, for the tests that need one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def processes_with(argument: str) -> list[int]:
    """Processes whose command line contains ``argument`` (NUL-separated words), from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if argument.encode() in f.read():
                        found.append(int(entry))
            except OSError:
                continue
    return found


@contextmanager
def running_server(graph: Path | None, log: Path, env: dict[str, str] | None = None):
    """Yields the server's base URL; stops it, and checks its query workers stop too. Without a
    graph it serves what ``env`` says (a remote store)."""
    port = free_port()
    where = ["--graph", str(graph)] if graph is not None else []
    with open(log, "wb") as log_file:
        server = subprocess.Popen([sys.executable, "-m", "cafcass_kg.cli", "serve", *where, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=log_file,
                                  env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=1):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"the server did not start: {log.read_text()}") from None
            time.sleep(0.2)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        deadline = time.monotonic() + 10
        while processes_with(f"--port\0{port}"):
            if time.monotonic() > deadline:
                raise RuntimeError("query workers outlived the server")
            time.sleep(0.2)


@contextmanager
def loopback_browser(chromium: str):
    """A new page of headless chromium that may reach this machine only; yields the page. A request
    for any other host is refused and, when the browser closes, fails the test that made it."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"])
        try:
            context = browser.new_context()

            def only_loopback(route) -> None:
                if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", only_loopback)
            yield context.new_page()
        finally:
            browser.close()
    assert outside == [], f"requests left the machine: {outside}"
