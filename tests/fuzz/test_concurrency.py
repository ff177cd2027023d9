"""Two argmap processes at once: outputs stay whole, the shared cache stays sound.

- Two ``python -m argmap map FILE -o DIR`` runs on the same thread into the
  same folder, started together, several rounds: every output must be
  complete and valid, and no temp file may be left.
- Two processes fetching the same pages through ``PoliteSession`` from a
  loopback server into one cache (``ARGMAP_CACHE_DIR``, requests-cache SQLite
  in WAL mode), first filling it, then both refreshing every page at once:
  no process may fail, SQLite's integrity check must pass, and an offline
  session must then read every page back intact with the server gone.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from argmap.export.json import read_json
from argmap.http.session import CACHE_ENV, CACHE_FILE, PoliteSession
from tests.fuzz._fuzz import long_run

REPO = Path(__file__).resolve().parents[2]
BASELINE = "argmap.cue_words.v1"


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


# -- two map runs into one folder ------------------------------------------------------


def thread_file(folder: Path, posts: int) -> Path:
    data = {
        "format": "argmap-thread", "site": "test", "id": "race", "title": "A race",
        "posts": [
            {"id": str(i), "parent": None if i == 0 else str(i // 3), "author": f"u{i % 9}",
             "text": "I don't think so. Rust is slower to compile.\n\n> quoted\n\nAgreed."}
            for i in range(posts)
        ],
    }  # fmt: skip
    path = folder / "thread.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_two_map_runs_into_one_folder_leave_complete_outputs(tmp_path):
    source = thread_file(tmp_path, 150)
    out = tmp_path / "out"
    rounds = 6 if long_run() else 2
    for _ in range(rounds):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "argmap", "map", str(source), "-o", str(out),
                 "--classifier", BASELINE, "-q"],
                cwd=tmp_path, env=child_env(**{CACHE_ENV: str(tmp_path / "cache")}),
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for _ in range(2)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
        names = sorted(p.name for p in out.iterdir())
        assert names == ["test-race.graphml", "test-race.html", "test-race.json"], names
        graphml = out / "test-race.graphml"
        etree.parse(str(graphml))  # complete, well-formed XML
        assert nx.read_graphml(graphml).number_of_nodes() > 150
        assert read_json(out / "test-race.json").number_of_nodes() > 150
        assert (out / "test-race.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


# -- two fetchers sharing one HTTP cache ----------------------------------------------------

PAGES = 60


def body(k: int) -> bytes:
    """Page k: up to 42 KB of its own bytes, then their SHA-256, to spot a torn copy."""
    text = (f"page {k} " + "lorem ipsum " * (k * k % 17_000)).encode()
    return text + hashlib.sha256(text).hexdigest().encode()


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        k = int(self.path.rsplit("/", 1)[-1])
        data = body(k)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


FETCHER = """
import random, sys
from argmap.http.session import PoliteSession
base, pages, seed, refresh = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
order = list(range(pages)) * 2
random.Random(seed).shuffle(order)
with PoliteSession(respect_robots=False, min_interval=0, refresh=refresh, max_retries=0) as s:
    for k in order:
        s.get(f"{base}/page/{k}")
print("ok")
"""


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def run_fetchers(base: str, cache: Path, refresh: bool, seeds=(1, 2)) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", FETCHER, base, str(PAGES), str(seed), "1" if refresh else "0"],
            cwd=REPO, env=child_env(**{CACHE_ENV: str(cache)}),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for seed in seeds
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and out.strip() == "ok", err[-2000:]


def test_two_fetchers_share_one_cache_without_corrupting_it(server, tmp_path):
    cache = tmp_path / "cache"
    rounds = 3 if long_run() else 1
    run_fetchers(server, cache, refresh=False)  # both fill the empty cache
    for r in range(rounds):
        run_fetchers(server, cache, refresh=True, seeds=(10 + r, 20 + r))  # both rewrite it
    with sqlite3.connect(cache / CACHE_FILE) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The server is still up, but offline means no request may be made.
    with PoliteSession(cache_dir=cache, offline=True) as session:
        for k in range(PAGES):
            page = session.get(f"{server}/page/{k}")
            assert page.text.encode() == body(k), f"page {k} came back torn"
