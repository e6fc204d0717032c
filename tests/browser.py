"""A real headless browser for the tests of pages prov writes: Debian's ``chromium``.

A test opens a harness page of its own that frames (or embeds) the page under test,
measures or drives it, and writes what it saw as text into ``<pre id="out">``;
:func:`dump_dom` runs chromium on the harness and returns that text. Without chromium
the tests that use :data:`needs_chromium` are skipped, except under CI, where
``.ci/run`` installs it and its absence fails the run.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("chromium is not installed; .ci/run installs Debian's chromium")

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (apt install chromium)"
)


def dump_dom(harness: Path, tmp_path: Path) -> str:
    """Open ``harness`` in headless chromium and return the text its script wrote into
    ``<pre id="out">``, unescaped."""
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
         "--allow-file-access-from-files", "--virtual-time-budget=10000",
         "--window-size=1500,1000", f"--user-data-dir={tmp_path / 'profile'}",
         "--dump-dom", harness.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S)
    assert found and found.group(1), (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    return html.unescape(found.group(1))
