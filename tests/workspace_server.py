"""A real ``prov serve`` for the tests: the command run as a process on a free port,
stopped at the end. :func:`serving` yields the base URL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

pytest.importorskip("flask", reason="the workspace needs the serve extra")


@contextmanager
def serving(target: str, *options: str) -> Iterator[str]:
    """Run ``prov --db TARGET serve --port 0 OPTIONS`` and yield its base URL."""
    env = {**os.environ, "PROV_USER": "desk-editor", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "provenance", "--db", target, "serve", "--port", "0", *options],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        found = re.search(r"http://[^/\s]+/", line)
        assert found, (line, process.poll())
        yield found.group(0).rstrip("/")
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url: str) -> tuple[int, dict[str, str], str]:
    """GET ``url``: status, headers and body (an error status is returned, not raised)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def get_json(url: str) -> Any:
    status, _, body = get(url + ("&" if "?" in url else "?") + "format=json")
    assert status == 200, body
    return json.loads(body)
