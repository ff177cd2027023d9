"""One rate limit per host across every worker: a loopback server records
when each request came, from a batch of URLs on 2 worker processes."""

from __future__ import annotations

import itertools
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("distributed", reason="needs argmap[batch]")

from argmap.batch.run import BatchConfig, run_batch
from argmap.batch.worker import Settings
from tests.helpers import shared_path

pytestmark = pytest.mark.slow  # a cluster start and spaced requests: ~20 s

GAP = 0.6  # seconds between two requests to the host
TOPICS = {
    "7362": "discourse/urho3d/t-the-last-english-release-7362.json",
    "5371": "discourse/urho3d/t-about-all-the-drama-around-here-5371.json",
    "57": "discourse/try-discourse-org-t-57-sandbox-2013.json",
}


@pytest.fixture
def server():
    bodies = {
        f"/t/{tid}.json": shared_path("corpora", rel).read_bytes()
        for tid, rel in TOPICS.items()
    }
    bodies["/robots.txt"] = b"User-agent: *\nAllow: /\n"
    seen: list[tuple[float, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((time.time(), self.path))
            body = bodies.get(self.path)
            self.send_response(200 if body else 404)
            kind = "text/plain" if self.path.endswith(".txt") else "application/json"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], seen
    httpd.shutdown()
    httpd.server_close()


def test_requests_to_one_host_keep_the_gap_across_workers(server, tmp_path):
    port, seen = server
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "".join(f"http://127.0.0.1:{port}/t/topic/{tid}\n" for tid in TOPICS),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    settings = Settings(maps_dir=str(out / "maps"), formats=("json",), min_interval=GAP)
    summary = run_batch([str(urls)], BatchConfig(out, settings, workers=2))
    assert (summary.done, summary.failed) == (len(TOPICS), 0), summary.failures
    paths = [path for _, path in seen]
    assert sorted(p for p in paths if p != "/robots.txt") == sorted(
        f"/t/{tid}.json" for tid in TOPICS
    )
    # robots.txt is read once per worker process that fetched (one or both:
    # the scheduler decides), and obeyed as by argmap map.
    assert paths.count("/robots.txt") in (1, 2)
    times = sorted(t for t, _ in seen)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= GAP - 0.05, gaps
    # A rerun makes no request: the threads are done.
    seen.clear()
    again = run_batch([str(urls)], BatchConfig(out, settings, workers=2))
    assert again.done == 0 and not seen


def test_the_rate_limit_is_one_for_all_workers():
    """Tasks pinned to each of 2 worker processes take slots from one limit."""
    from distributed import Client, LocalCluster

    from argmap.batch.politeness import ClusterRateLimiter

    def take_slots(n: int) -> list[float]:
        limiter = ClusterRateLimiter(GAP)
        stamps = []
        for _ in range(n):
            limiter.wait("example.org")
            stamps.append(time.time())
        return stamps

    with (
        LocalCluster(n_workers=2, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        workers = list(client.scheduler_info(n_workers=-1)["workers"])
        assert len(workers) == 2
        futures = [
            client.submit(take_slots, 3, workers=[w], pure=False) for w in workers
        ]
        stamps = sorted(t for f in futures for t in f.result())
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert len(stamps) == 6 and min(gaps) >= GAP - 0.05, gaps
