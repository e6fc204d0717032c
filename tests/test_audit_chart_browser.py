"""The audit chart in a real browser (headless ``chromium``): no label, figure or note
falls outside the picture, however long or wide its letters. The chart is framed by a
harness page that measures every text's box and writes them into its DOM."""

from __future__ import annotations

import json
from pathlib import Path

from tests.browser import dump_dom, needs_chromium
from tests.conftest import Prov

pytestmark = needs_chromium

HARNESS = """<!DOCTYPE html>
<html><body style="margin:0">
<object id="chart" data="{src}" type="image/svg+xml"></object>
<pre id="out"></pre>
<script>
document.getElementById("chart").addEventListener("load", function () {{
  var svg = this.contentDocument.documentElement;
  var width = parseFloat(svg.getAttribute("width"));
  var boxes = Array.prototype.map.call(svg.querySelectorAll("text"), function (t) {{
    var b = t.getBBox();
    return {{text: t.textContent, left: b.x, right: b.x + b.width}};
  }});
  document.getElementById("out").textContent = JSON.stringify({{width: width, boxes: boxes}});
}});
</script>
</body></html>
"""

WIDE = "Wide Speaker WWMMWWMMWWMMWWMMWWMMWWMMWWMMWWMMWWMM"
CJK = "国务院新闻办公室发言人表示双方将继续保持密切沟通和协调合作"


def test_no_text_of_the_chart_falls_outside_it(prov: Prov, tmp_path: Path) -> None:
    article = tmp_path / "wide.txt"
    article.write_text("The talks will go on. The meeting went well.\n", encoding="utf-8")
    prov.ok("ingest", str(article), "--title", "Wide")
    prov.ok("add", "--doc", "1", "--quote", "The talks will go on", "--speaker", WIDE,
            "--speaker-type", "person")  # fmt: skip
    prov.ok("add", "--doc", "1", "--quote", "The meeting went well", "--speaker", CJK,
            "--speaker-type", "organization")  # fmt: skip
    chart = tmp_path / "audit.svg"
    prov.ok("audit", "--by", "speaker", "--chart", str(chart))
    harness = tmp_path / "harness.html"
    harness.write_text(HARNESS.format(src=chart.as_uri()), encoding="utf-8")
    seen = json.loads(dump_dom(harness, tmp_path))
    assert len(seen["boxes"]) > 5
    for box in seen["boxes"]:
        assert box["left"] >= 0 and box["right"] <= seen["width"], box
