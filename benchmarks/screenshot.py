"""Render an argmap HTML map to a PNG with headless Chromium (for the README).

    python benchmarks/screenshot.py outputs/map.html docs/map.png
    python benchmarks/screenshot.py map.html map.png --width 1600 --scale 2

Needs the Debian package ``chromium`` (or ``--chromium PATH``). The page is
loaded from a file:// URL with the network blocked; ``--budget`` is virtual
time for the page's scripts, so the map has drawn before the shot is taken.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",  # needed when run as root (CI containers)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
)


def screenshot(
    page: Path,
    png: Path,
    *,
    width: int = 1400,
    height: int = 900,
    scale: float = 1.0,
    budget_ms: int = 5000,
    chromium: str = "/usr/bin/chromium",
) -> Path:
    """Write a PNG of ``page`` as a ``width`` x ``height`` window shows it."""
    page, png = Path(page).resolve(), Path(png).resolve()
    if not page.is_file():
        raise FileNotFoundError(page)
    png.parent.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="argmap-shot-")
    command = [
        chromium,
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        f"--force-device-scale-factor={scale}",
        f"--virtual-time-budget={budget_ms}",
        f"--screenshot={png}",
        page.as_uri(),
    ]
    try:
        done = subprocess.run(
            command, check=False, capture_output=True, text=True, timeout=120
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if done.returncode != 0 or not png.is_file():
        raise RuntimeError(
            f"chromium failed ({done.returncode}): {done.stderr[-2000:]}"
        )
    return png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="an HTML map written by argmap")
    parser.add_argument("png", type=Path, help="where to write the screenshot")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio")
    parser.add_argument(
        "--budget", type=int, default=5000, help="virtual ms to run scripts"
    )
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"{args.chromium} not found: apt-get install chromium", file=sys.stderr)
        return 2
    start = time.perf_counter()
    png = screenshot(
        args.page, args.png, width=args.width, height=args.height, scale=args.scale,
        budget_ms=args.budget, chromium=args.chromium,
    )  # fmt: skip
    print(f"wrote {png} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
