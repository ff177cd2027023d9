"""The wheel carries what an installed argmap reads at run time.

Built once, as pip builds it for ``pip install .`` (the README's first
command): the page assets and templates, the shipped stance model, the
bundled sample and argmap's own labels (for argmap eval and argmap train).
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from argmap.version import __version__
from tests.helpers import REPO

NEEDED = [
    "argmap/version.py",
    "argmap/export/html/assets/main.js",
    "argmap/export/html/assets/map.css",
    "argmap/export/html/templates/map.html.j2",
    "argmap/export/html/classifier_scores.json",
    "argmap/export/report/templates/report.html.j2",
    "argmap/relate/stance/stance-linear-v2.json.gz",
    "argmap/_bundled/open-source-ai-thread.json",
    "argmap/_bundled/gold/stance-indomain.jsonl",
    "argmap/_bundled/gold/claim-targets.jsonl",
    "argmap/_bundled/gold/select_indomain.py",
]


@pytest.mark.slow
def test_the_wheel_carries_the_runtime_files(tmp_path):
    build = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        str(tmp_path),
        str(REPO),
    ]
    subprocess.run(build, check=True, capture_output=True, timeout=600)
    [wheel] = tmp_path.glob("argmap-*.whl")
    assert wheel.name.startswith(f"argmap-{__version__}-")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [n for n in NEEDED if n not in names] == []
