"""``prov audit --chart``: an SVG a person reads at a glance, and that no label can break.

The SVG is parsed with ``xml.etree`` as any consumer would: one bar group per audit
group, a legend with every strength class, segments in order of strength whose widths
add up to the bar, and hostile group names (``<script>``, ``&``, control characters)
carried as text.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.audit.chart import MAX_GROUPS, STYLE, strength_mix_svg
from provenance.audit.ratios import AuditRow
from provenance.vocabulary import SourcingStrength
from tests.conftest import Prov
from tests.test_audit import second_article_bundle

SVG = "{http://www.w3.org/2000/svg}"
STRENGTHS = [s.value for s in SourcingStrength]
# what XML 1.0 cannot carry at all, and the chart therefore drops
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _bars(svg_text: str) -> list[ET.Element]:
    root = ET.fromstring(svg_text.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]


def _label(bar: ET.Element) -> str:
    return next(t for t in bar.iter(f"{SVG}text") if t.get("text-anchor") == "end").text or ""


def _row(label: str, key: object = None, **counts: int) -> AuditRow:
    mix = dict.fromkeys(STRENGTHS, 0)
    mix.update(counts)
    return AuditRow("outlet", key if key is not None else label, label, mix)


def test_the_chart_has_one_bar_per_audit_group(seeded: Prov, tmp_path: Path) -> None:
    seeded.ok("import", str(second_article_bundle(tmp_path)))
    chart = tmp_path / "audit.svg"
    result = seeded.ok("audit", "--by", "outlet", "--chart", str(chart))
    assert "wrote a chart of 2 outlet group(s)" in result.stderr
    rows = json.loads(seeded.ok("audit", "--by", "outlet", "--format", "json").stdout)
    svg = chart.read_text(encoding="utf-8")
    bars = _bars(svg)
    assert len(bars) == len(rows) == 2
    # in the audit's order, worst first, each stating its ratio and the count behind it
    assert [_label(b) for b in bars] == ["Financial Times", "Harbour Ledger"]
    notes = [t.text for b in bars for t in b.iter(f"{SVG}text") if "unnamed (" in (t.text or "")]
    assert notes == ["42.3% unnamed (11/26)", "40.0% unnamed (2/5)"]
    root = ET.fromstring(svg)
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == [name for name, _, _ in STYLE.values()]


def test_speaker_chart_of_the_seed(seeded: Prov, tmp_path: Path) -> None:
    chart = tmp_path / "speakers.svg"
    seeded.ok("audit", "--by", "speaker", "--chart", str(chart))
    rows = json.loads(seeded.ok("audit", "--by", "speaker", "--format", "json").stdout)
    bars = _bars(chart.read_text(encoding="utf-8"))
    assert len(bars) == len(rows) == 18  # 17 speakers and the reporter's own assertions
    assert _label(bars[-1]) == "(the reporter's own assertions)"
    # a speaker's bar is as long as its attributions: the official said three things
    frames = {
        _label(b): float(
            next(r for r in b.iter(f"{SVG}rect") if r.get("class") == "frame").get("width", "0")
        )
        for b in bars
    }
    assert frames["a former senior Israeli official"] == pytest.approx(
        3 * frames["Israeli officials"], abs=0.05
    )
    assert frames["(the reporter's own assertions)"] == pytest.approx(
        9 * frames["Israeli officials"], abs=0.05
    )


def test_the_chart_refuses_to_overwrite_without_force(seeded: Prov, tmp_path: Path) -> None:
    chart = tmp_path / "audit.svg"
    chart.write_text("keep me", encoding="utf-8")
    refused = seeded("audit", "--chart", str(chart))
    assert refused.exit_code == 1
    assert "exists; add --force" in refused.output
    assert refused.stdout == ""  # refused before anything was printed
    assert chart.read_text(encoding="utf-8") == "keep me"
    seeded.ok("audit", "--chart", str(chart), "--force")
    assert len(_bars(chart.read_text(encoding="utf-8"))) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_hostile_outlet_names_are_escaped_end_to_end(seeded: Prov, tmp_path: Path) -> None:
    hostile = "<script>alert('x')</script> & Sons \"Daily\""
    seeded.ok("import", str(second_article_bundle(tmp_path, outlet=hostile)))
    chart = tmp_path / "audit.svg"
    seeded.ok("audit", "--by", "outlet", "--chart", str(chart))
    svg = chart.read_text(encoding="utf-8")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp; Sons" in svg
    bars = _bars(svg)
    assert len(bars) == 2
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    labels = [_label(b) for b in bars]
    assert any(label.startswith("<script>alert('x')</script> & Sons") for label in labels)
    assert any(b.get("data-key") == hostile for b in bars)


def test_segments_run_strongest_first_and_fill_the_bar() -> None:
    row = _row("Gazette", on_record=3, anonymous_vague=1, unattributed=4, documentary=2)
    (bar,) = _bars(strength_mix_svg([row]))
    segments = [r for r in bar.iter(f"{SVG}rect") if r.get("class") == "segment"]
    assert [s.get("data-strength") for s in segments] == [
        "on_record",
        "documentary",
        "anonymous_vague",
        "unattributed",
    ]
    frame = next(r for r in bar.iter(f"{SVG}rect") if r.get("class") == "frame")
    widths = [float(s.get("width", "0")) for s in segments]
    assert sum(widths) == pytest.approx(float(frame.get("width", "0")), abs=0.05)
    assert widths[0] == pytest.approx(widths[-1] * 3 / 4, abs=0.05)
    texts = [t.text for t in bar.iter(f"{SVG}text")]
    assert "30%" in texts and "40%" in texts  # shares written on the wide segments


def test_a_long_audit_is_cut_to_the_first_groups_and_says_so() -> None:
    rows = [_row(f"Outlet {i}", on_record=i + 1) for i in range(MAX_GROUPS + 5)]
    svg = strength_mix_svg(rows)
    assert len(_bars(svg)) == MAX_GROUPS
    assert f"showing the first {MAX_GROUPS} of {MAX_GROUPS + 5} groups" in svg


def test_an_empty_audit_still_makes_a_valid_chart() -> None:
    svg = strength_mix_svg([])
    assert _bars(svg) == [] and "(no attributions match)" in svg


_labels = st.text(max_size=60)


@settings(max_examples=80, deadline=None)
@given(
    labels=st.lists(_labels, min_size=1, max_size=8),
    counts=st.lists(st.integers(0, 40), min_size=6, max_size=6),
)
def test_any_labels_make_parseable_svg_with_one_bar_each(
    labels: list[str], counts: list[int]
) -> None:
    rows = [
        AuditRow("speaker", label, label, dict(zip(STRENGTHS, counts, strict=True)))
        for label in labels
    ]
    bars = _bars(strength_mix_svg(rows, by="speaker"))
    assert len(bars) == len(rows)
    for bar, label in zip(bars, labels, strict=True):
        shown = _label(bar)
        visible = " ".join(NOT_XML.sub("", label).split())
        assert shown == visible or (shown.endswith("…") and visible.startswith(shown[:-1]))
