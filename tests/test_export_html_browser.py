"""The HTML citation table in a real browser (Debian's headless ``chromium``): it fits a
1400-pixel window with the quote the widest column, and its filter box narrows the rows
to those holding the words typed, accents folded.

The exported page runs under its own Content-Security-Policy; a harness page loads it
in a 1400-pixel frame, measures it and types into the filter, and writes what it saw
into its own DOM, which ``chromium --dump-dom`` prints (see :mod:`tests.browser`).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.browser import dump_dom, needs_chromium
from tests.conftest import Prov

WINDOW = 1400
pytestmark = needs_chromium

HARNESS = """<!DOCTYPE html>
<html><body style="margin:0">
<iframe id="page" src="{src}" style="width:{width}px;height:900px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById("page").addEventListener("load", function () {{
  var d = this.contentDocument, w = this.contentWindow, seen = {{}};
  seen.viewport = w.innerWidth;
  seen.scrollWidth = d.documentElement.scrollWidth;
  seen.widths = Array.prototype.map.call(
    d.querySelectorAll("#citations thead th"),
    function (th) {{ return th.getBoundingClientRect().width; }});
  seen.headings = Array.prototype.map.call(
    d.querySelectorAll("#citations thead th"), function (th) {{ return th.textContent; }});
  seen.filtered = {{}};
  var box = d.getElementById("filter");
  if (!box) {{ seen.error = "no filter box"; }}
  else {queries}.forEach(function (q) {{
    box.value = q;
    box.dispatchEvent(new Event("input"));
    seen.filtered[q] = {{
      ids: Array.prototype.filter.call(d.querySelectorAll("#citations tbody tr"),
        function (tr) {{ return !tr.hidden; }})
        .map(function (tr) {{ return parseInt(tr.cells[0].textContent, 10); }}),
      said: d.getElementById("shown").value
    }};
  }});
  document.getElementById("out").textContent = JSON.stringify(seen);
}});
</script>
</body></html>
"""
QUERIES = ["fidan", "erdogan", "Turkish official", "zzzz-nothing", ""]


def _in_browser(page: Path, tmp_path: Path) -> dict:
    harness = tmp_path / "harness.html"
    harness.write_text(
        HARNESS.format(src=page.as_uri(), width=WINDOW, queries=json.dumps(QUERIES)),
        encoding="utf-8",
    )
    return json.loads(dump_dom(harness, tmp_path))


def _plain(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@pytest.fixture()
def exported(seeded: Prov, tmp_path: Path) -> tuple[Path, list[dict]]:
    """The seed and an article with a long headline, a long URL and a long source
    mention, exported as one page."""
    article = tmp_path / "long.txt"
    source = "a senior official of the Turkish Ministry of National Defence in Ankara"
    article.write_text(f"Talks will go on, {source} said.\n", encoding="utf-8")
    seeded.ok("ingest", str(article), "--title", "A headline " * 20, "--url",
              "https://example.org/" + "very-long-path/" * 20 + "article")  # fmt: skip
    seeded.ok("add", "--doc", "2", "--quote", "Talks will go on", "--source", source)
    page = tmp_path / "citations.html"
    seeded.ok("export", "--format", "html", "--out", str(page))
    rows = json.loads(seeded.ok("export", "--format", "json").stdout)
    return page, rows


def test_the_table_fits_a_1400_pixel_window_with_the_quote_widest(
    exported: tuple[Path, list[dict]], tmp_path: Path
) -> None:
    page, _rows = exported
    seen = _in_browser(page, tmp_path)
    assert seen["viewport"] == WINDOW
    assert seen["scrollWidth"] <= seen["viewport"], seen
    widths = dict(zip(seen["headings"], seen["widths"], strict=True))
    assert max(widths, key=lambda h: widths[h]) == "Quote", widths
    assert widths["Quote"] >= 0.25 * WINDOW, widths


def test_the_filter_box_keeps_the_rows_holding_every_word(
    exported: tuple[Path, list[dict]], tmp_path: Path
) -> None:
    page, rows = exported
    seen = _in_browser(page, tmp_path)
    shown = ("quote", "speaker", "speaker_type", "strength", "mode", "cue", "source",
             "status", "title", "outlet", "published")  # fmt: skip
    for query in QUERIES:
        words = _plain(query).split()
        expected = sorted(
            r["id"]
            for r in rows
            if all(any(w in _plain(str(r[f])) for f in shown if r[f] is not None) for w in words)
        )
        got = seen["filtered"][query]
        assert sorted(got["ids"]) == expected, query
        assert got["said"] == f"{len(expected)} of {len(rows)} rows"
    assert seen["filtered"]["erdogan"]["ids"]  # found under Erdoğan, accents folded
    assert seen["filtered"]["zzzz-nothing"]["ids"] == []
