"""What prov prints for people: stored text that holds terminal control sequences or
Markdown syntax is shown as text, never acted on."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Prov


def test_control_characters_in_stored_text_never_reach_the_terminal(
    prov: Prov, tmp_path: Path
) -> None:
    text = "Evil\x1b[2J said talks.\n"
    bundle = {
        "document": {"title": "E\x1b]0;pwned\x07", "text": text},
        "attributions": [
            {
                "speaker": {"name": "Evil\x1b[8m Hidden", "type": "person"},
                "strength": "on_record",
                "mode": "indirect",
                "content": {"start": 0, "end": 19, "exact": text[:19]},
            }
        ],
    }
    path = tmp_path / "esc.jsonl"
    path.write_text(json.dumps(bundle) + "\n", encoding="utf-8")
    prov.ok("import", str(path))
    every = (["search", "talks"], ["speakers"], ["speakers", "--format", "md"],
             ["audit", "--by", "speaker"], ["show", "1"], ["speaker", "show", "Evil"],
             ["documents"])  # fmt: skip
    for args in every:
        output = prov.ok(*args).stdout
        assert "\x1b" not in output and "\x07" not in output, args
        if args[0] == "search":
            assert "Evil\ufffd[8m Hidden" in output
    as_json = json.loads(prov.ok("speakers", "--format", "json").stdout)  # JSON keeps the data
    assert "Evil\x1b[8m Hidden" in [r["speaker"] for r in as_json]


def test_markdown_output_leaves_no_link_or_image_live(prov: Prov, tmp_path: Path) -> None:
    name = "![Pixel Org](https://tracker.example/o.png)"
    path = tmp_path / "article.txt"
    path.write_text("The group said talks were over.\n", encoding="utf-8")
    prov.ok("ingest", str(path))
    prov.ok("add", "--doc", "1", "--quote", "talks were over", "--speaker", name,
            "--speaker-type", "organization")  # fmt: skip
    markdown = prov.ok("speakers", "--format", "md").stdout
    assert "[Pixel Org](" not in markdown  # neither image nor link
    assert "\\[Pixel Org\\](https://tracker.example/o.png)" in markdown


def test_without_colour_show_brackets_the_span_and_cuts_at_words(prov: Prov) -> None:
    prov.ok("seed")
    shown = prov.ok("show", "3").stdout
    line = next(x for x in shown.splitlines() if "in context" in x)
    assert "⟦It was the “first technical meeting . . . to establish" in line
    assert "incidents in Syria”⟧, a Turkish defence official said." in line
    long = prov.ok("show", "18").stdout  # a span deep in a long paragraph
    context = next(x for x in long.splitlines() if "in context" in x)
    assert context.split(": ", 1)[1].startswith(("⟦", "…", "Hakan"))
