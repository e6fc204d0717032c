"""The workspace's pages and writes, through the real Flask application over a real
database on each backend (SQLite file, PostgreSQL server); the CLI is the yardstick
for what the JSON answers must say."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("flask", reason="the workspace needs the serve extra")

from sqlalchemy import select

from provenance.store.database import Database
from provenance.store.models import Attribution, Change
from provenance.workspace.app import create_app
from provenance.workspace.web import is_loopback

ARTICLE = (
    "Turkey and Israel met in Baku on Wednesday.\n\n"
    '"We will not allow a new front," a Turkish defence official said on Thursday.\n\n'
    "Hakan Fidan, the foreign minister, said the talks would continue next week.\n"
)


@pytest.fixture()
def desk(seeded: Any, tmp_path: Path) -> Any:
    """The seed article (confirmed) and a short one with two proposals, whose title
    and outlet are hostile markup."""
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    seeded.ok(
        "ingest", str(article), "--extract", "--title", "Talks <script>alert(1)</script>",
        "--outlet", "Example & <b>Co</b>",
    )  # fmt: skip
    return seeded


@pytest.fixture()
def client(desk: Any) -> Any:
    database = Database(desk.target)
    app = create_app(database, actor="desk-editor")
    app.testing = True
    yield app.test_client()
    database.close()


def cli_json(prov: Any, *args: str) -> Any:
    return json.loads(prov.ok(*args, "--format", "json").output)


class _Text(HTMLParser):
    """The text inside ``#text`` and the ``data-s`` offsets of its runs."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []
        self.offsets: list[tuple[int, int]] = []  # (data-s, length so far)
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id") == "text":
            self.depth = 1
        elif self.depth:
            self.depth += 1
            if found.get("class") == "anchor":
                self.anchors.append(str(found["id"]))
            if "data-s" in found:
                self.offsets.append((int(str(found["data-s"])), sum(map(len, self.text))))

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def _token(client: Any, path: str = "/") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def test_an_article_page_shows_the_stored_text_exactly_with_each_attribution_anchored(
    client: Any, desk: Any, seed_text: str
) -> None:
    page = client.get("/documents/1")
    assert page.status_code == 200
    parsed = _Text()
    parsed.feed(page.get_data(as_text=True))
    assert "".join(parsed.text) == seed_text  # every character, none added
    assert all(start == at for start, at in parsed.offsets)  # data-s is the true offset
    ids = [a["id"] for a in client.get("/documents/1?format=json").get_json()["attributions"]]
    assert sorted(parsed.anchors) == sorted(f"a{i}" for i in ids)


def test_the_article_json_says_what_prov_show_says_of_each_attribution(
    client: Any, desk: Any
) -> None:
    data = client.get("/documents/2?format=json").get_json()
    assert data["title"] == "Talks <script>alert(1)</script>"
    assert [a["status"] for a in data["attributions"]] == ["proposed", "proposed"]
    for a in data["attributions"]:
        shown = json.loads(desk.ok("show", str(a["id"]), "--format", "json").output)
        assert {k: a[k] for k in shown} == shown


def test_hostile_markup_in_stored_text_is_shown_as_text_under_a_strict_policy(
    client: Any,
) -> None:
    for path in ("/", "/documents/2", "/review", "/search?q=front", "/audit?by=outlet"):
        page = client.get(path)
        body = page.get_data(as_text=True)
        assert page.status_code == 200, path
        assert "<script>alert" not in body and "<b>Co</b>" not in body, path
        policy = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        # no inline script: every <script> loads the workspace's own file
        assert re.findall(r"<script[^>]*>", body) == [
            '<script src="/static/workspace.js" defer>'
        ], path
    assert "Talks &lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/").get_data(as_text=True)


def test_search_answers_as_prov_search_does_and_each_facet_count_is_what_its_filter_finds(
    client: Any, desk: Any
) -> None:
    data = client.get("/search?q=talks&format=json").get_json()
    expected = cli_json(desk, "search", "talks")
    assert [h["id"] for h in data["hits"]] == [h["id"] for h in expected]
    assert data["total"] == len(expected) and data["total"] >= 3
    params = {"strength": "--strength", "status": "--status", "outlet": "--outlet"}
    for facet, option in params.items():
        values = data["facets"][facet]
        assert sum(v["count"] for v in values) == data["total"]
        for v in values:
            if v["value"] is None:
                continue
            found = cli_json(desk, "search", "talks", option, v["value"])
            assert len(found) == v["count"], (facet, v)
            narrowed = client.get(
                "/search", query_string={"q": "talks", facet: v["value"], "format": "json"}
            ).get_json()
            assert narrowed["total"] == v["count"]
    by_type = {v["value"]: v["count"] for v in data["facets"]["speaker_type"]}
    typed = [h for h in expected if h["speaker_type"] is not None]
    for kind, n in by_type.items():
        assert n == len([h for h in expected if h["speaker_type"] == kind])
    assert sum(n for k, n in by_type.items() if k) == len(typed)
    months = data["facets"]["month"]
    dated = [h for h in expected if h["published"]]
    assert sum(v["count"] for v in months if v["value"]) == len(dated)


def test_the_audit_page_answers_as_prov_audit_does(client: Any, desk: Any) -> None:
    for by in ("outlet", "month", "document", "speaker"):
        data = client.get(f"/audit?by={by}&format=json").get_json()
        expected = cli_json(desk, "audit", "--by", by)
        groups = [{k: g[k] for k in expected[0]} for g in data["groups"]]
        assert groups == expected, by


def test_an_audit_row_links_to_the_attributions_behind_its_figure(client: Any) -> None:
    page = client.get("/audit?by=outlet").get_data(as_text=True)
    links = set(re.findall(r'href="(/attributions\?[^"]+)"', page))
    rows = {g["outlet"]: g for g in client.get("/audit?by=outlet&format=json").get_json()["groups"]}
    assert links
    for link in links:
        listed = client.get(link.replace("&amp;", "&") + "&format=json&limit=500").get_json()
        outlet = listed["attributions"][0]["outlet"]
        assert {a["outlet"] for a in listed["attributions"]} == {outlet}
        assert listed["total"] == rows[outlet]["attributions"]


def test_a_speaker_page_lists_names_and_attributions(client: Any, desk: Any) -> None:
    data = client.get("/speakers/1?format=json").get_json()
    assert data["name"] == "Hakan Fidan"
    profile = cli_json(desk, "speaker", "show", "Hakan Fidan")
    assert {a["id"] for a in data["attributions"]} == {
        a["id"] for a in profile["attributions"] if a["status"] != "rejected"
    }
    assert data["total"] == len(data["attributions"])
    suggestions = client.get("/speakers/suggest?q=fid").get_json()["speakers"]
    assert suggestions[0]["name"] == "Hakan Fidan"


def test_a_write_without_the_session_token_is_refused_and_changes_nothing(
    client: Any, desk: Any
) -> None:
    refused = client.post("/attributions/36/decision", data={"status": "confirmed"})
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    assert cli_json(desk, "show", "36")["status"] == "proposed"


def test_confirm_and_reject_go_through_the_library_and_into_the_history(
    client: Any, desk: Any
) -> None:
    token = _token(client, "/documents/2")
    page = client.get("/documents/2").get_data(as_text=True)
    assert page.count('action="/attributions/36/decision"') == 2  # confirm, reject
    proposals = [
        a["id"] for a in client.get("/review?doc=2&format=json").get_json()["attributions"]
    ]
    assert len(proposals) == 2
    first, second = proposals
    answer = client.post(
        f"/attributions/{first}/decision", json={"status": "confirmed"},
        headers={"X-CSRF-Token": token},
    )  # fmt: skip
    assert answer.status_code == 200 and answer.get_json()["attribution"]["status"] == "confirmed"
    form = client.post(
        f"/attributions/{second}/decision",
        data={"status": "rejected", "csrf": token, "next": "/review?doc=2"},
    )
    assert form.status_code == 303 and form.headers["Location"].startswith("/review?doc=2#a")
    assert cli_json(desk, "show", str(first))["status"] == "confirmed"
    assert cli_json(desk, "show", str(second))["status"] == "rejected"
    history = cli_json(desk, "history", "--limit", "2")
    assert {(h["action"], h["actor"]) for h in history} == {
        ("attribution.confirm", "desk-editor"),
        ("attribution.reject", "desk-editor"),
    }
    assert client.get("/review?doc=2&format=json").get_json()["total"] == 0


def test_speaker_strength_and_mode_change_in_place(client: Any, desk: Any) -> None:
    token = _token(client)
    headers = {"X-CSRF-Token": token}
    att = client.get("/review?doc=2&format=json").get_json()["attributions"][0]["id"]
    # a new speaker brings its usual strength, so the strength is set after it
    changed = client.post(f"/attributions/{att}/speaker", json={"speaker": "Hakan Fidan"},
                          headers=headers)  # fmt: skip
    assert changed.status_code == 200, changed.get_json()
    assert client.post(f"/attributions/{att}/strength", json={"strength": "anonymous_vague"},
                       headers=headers).status_code == 200  # fmt: skip
    assert client.post(f"/attributions/{att}/mode", json={"mode": "indirect"},
                       headers=headers).status_code == 200  # fmt: skip
    shown = cli_json(desk, "show", str(att))
    assert (shown["strength"], shown["mode"], shown["speaker"]) == (
        "anonymous_vague", "indirect", "Hakan Fidan",
    )  # fmt: skip
    bad = client.post(f"/attributions/{att}/strength", json={"strength": "rumour"}, headers=headers)
    assert bad.status_code == 400 and "choose one of" in bad.get_json()["error"]


def test_a_selected_passage_becomes_an_attribution_and_a_span_moves_by_selection(
    client: Any, desk: Any
) -> None:
    token = _token(client)
    start = ARTICLE.index("Turkey and Israel met")
    end = ARTICLE.index("\n\n")
    added = client.post(
        "/documents/2/attributions",
        json={"start": start, "end": end + 2, "speaker": ""},  # the selection took in a break
        headers={"X-CSRF-Token": token},
    )
    assert added.status_code == 200, added.get_json()
    row = added.get_json()["attribution"]
    assert row["content"] == ARTICLE[start:end] and (row["start"], row["end"]) == (start, end)
    assert row["strength"] == "unattributed" and row["recorded_by"] == "desk-editor"
    who = ARTICLE.index("Hakan Fidan")
    moved = client.post(
        f"/attributions/{row['id']}/span",
        json={"role": "source", "start": who, "end": who + len("Hakan Fidan")},
        headers={"X-CSRF-Token": token},
    )
    assert moved.status_code == 200, moved.get_json()
    assert cli_json(desk, "show", str(row["id"]))["source"] == "Hakan Fidan"
    outside = client.post(
        "/documents/2/attributions", json={"start": 10, "end": 10_000},
        headers={"X-CSRF-Token": token},
    )  # fmt: skip
    assert outside.status_code == 400 and "select the words again" in outside.get_json()["error"]


def test_a_read_only_workspace_refuses_every_write(desk: Any) -> None:
    database = Database(desk.target, read_only=True)
    app = create_app(database, actor="viewer")
    client = app.test_client()
    try:
        token = _token(client)
        assert "read-only" in client.get("/").get_data(as_text=True)
        refused = client.post(
            "/attributions/36/decision", json={"status": "confirmed"},
            headers={"X-CSRF-Token": token},
        )  # fmt: skip
        assert refused.status_code == 403 and "read-only" in refused.get_json()["error"]
        page = client.get("/documents/2").get_data(as_text=True)
        assert "/attributions/36/decision" not in page and "selection-form" not in page
    finally:
        database.close()
    assert cli_json(desk, "show", "36")["status"] == "proposed"
    with Database(desk.target) as db, db.session(write=False) as s:
        assert s.scalar(select(Change.id).where(Change.actor == "viewer")) is None
        assert s.get(Attribution, 36) is not None


def test_bad_requests_get_one_line_saying_what_to_fix(client: Any) -> None:
    cases = {
        "/documents/999": (404, "no document 999"),
        "/search?q=%22": (400, ""),
        "/search?q=talks&limit=lots": (400, "limit must be a whole number"),
        "/search?q=talks&strength=rumour": (400, "choose one of"),
        "/search?q=talks&since=yesterday": (400, "YYYY-MM-DD"),
        "/audit?by=weather": (400, "cannot audit by"),
        "/speakers/424242": (404, "no speaker"),
    }
    for path, (status, said) in cases.items():
        answer = client.get(path + ("&" if "?" in path else "?") + "format=json")
        assert answer.status_code == status, (path, answer.get_data(as_text=True))
        error = answer.get_json()["error"]
        assert said in error and "\n" not in error and "Traceback" not in error, path


def test_only_loopback_addresses_count_as_this_machine() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.4", "::", "example.org"]))
