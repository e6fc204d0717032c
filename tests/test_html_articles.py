"""Saved web pages: the article text and metadata come out, the page furniture does not."""

from __future__ import annotations

import json
from pathlib import Path

from provenance.documents.articles import load_article, looks_like_html
from tests.conftest import Prov

PAGE = """<!doctype html><html><head><title>Ankara and Jerusalem talk | The Gazette</title>
<meta property="og:title" content="Ankara and Jerusalem talk">
<meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2025-04-10T08:00:00Z">
<meta property="og:site_name" content="The Gazette">
<link rel="canonical" href="https://gazette.example/news/talks"></head>
<body><nav>Home | World | Sport | Subscribe</nav><article><h1>Ankara and Jerusalem talk</h1>
<p>Israel and Turkey have launched talks to avoid clashes, officials said on Thursday.</p>
<p>&ldquo;It was the first technical meeting,&rdquo; a Turkish defence official said.</p>
<p>Hakan Fidan told reporters that it was &ldquo;natural&rdquo; Israel be added.</p></article>
<footer>&copy; The Gazette. Cookie settings.</footer></body></html>
"""


def test_a_saved_page_gives_its_article_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "talks.html"
    path.write_text(PAGE, encoding="utf-8")
    article = load_article(path)
    assert article.from_html
    assert "“It was the first technical meeting,” a Turkish defence official said." in article.text
    assert "Subscribe" not in article.text and "Cookie" not in article.text
    assert (article.title, article.outlet, article.url, article.published) == (
        "Ankara and Jerusalem talk",
        "The Gazette",
        "https://gazette.example/news/talks",
        "2025-04-10",
    )
    assert article.authors == ["Ann Writer"]


def test_plain_text_is_not_mistaken_for_html() -> None:
    assert not looks_like_html("notes.txt", "<3 said the senator, smiling.")
    assert looks_like_html("notes.txt", "  <!DOCTYPE html><html></html>")
    assert looks_like_html("page.HTM", "anything")


def test_ingest_a_page_then_add_and_extract(prov: Prov, tmp_path: Path) -> None:
    path = tmp_path / "talks.html"
    path.write_text(PAGE, encoding="utf-8")
    assert prov.ok("ingest", str(path), "--outlet", "Gazette Weekly").stdout.strip() == "1"
    doc = json.loads(prov.ok("documents", "--format", "json").stdout)[0]
    assert doc["outlet"] == "Gazette Weekly"  # an option given wins over the page
    assert doc["title"] == "Ankara and Jerusalem talk"
    assert doc["url"] == "https://gazette.example/news/talks"
    added = prov.ok("add", "--doc", "1", "--quote", '"It was the first technical meeting,"',
                    "--source", "a Turkish defence official", "--cue", "said")  # fmt: skip
    shown = json.loads(prov.ok("show", added.stdout.strip(), "--format", "json").stdout)
    assert shown["strength"] == "anonymous_described"
    proposals = [json.loads(line) for line in prov.ok("extract", str(path)).stdout.splitlines()]
    assert any(p["speaker"] == "Hakan Fidan" for p in proposals)


def test_a_page_without_an_article_is_one_line(prov: Prov, tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    result = prov("ingest", str(path))
    assert result.exit_code == 1
    assert "no article text found" in result.output
    assert len(result.output.strip().splitlines()) == 1
