"""Citations as one self-contained HTML page: a table sortable by any column.

Everything is inline (one ``<style>``, one small ``<script>`` for sorting); the page
loads nothing from anywhere. Every value from the database goes through
:func:`html.escape`, in text and in attributes alike, and ``href`` is written only for
http(s) URLs, so a title holding ``<script>`` shows as those characters. As a second
wall, a Content-Security-Policy allows only this page's own style and script (by
their SHA-256), so even markup that slipped through could not run or fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Iterator

from provenance.export.citations import Citation, is_web_url
from provenance.text.controls import shown_controls
from provenance.vocabulary import SourcingStrength

__all__ = ["HTML_COLUMNS", "write_html"]

HTML_COLUMNS: tuple[tuple[str, str], ...] = (
    ("#", "number"),
    ("Quote", "text"),
    ("Speaker", "text"),
    ("Speaker type", "text"),
    ("Strength", "strength"),
    ("Mode", "text"),
    ("Cue", "text"),
    ("Source as written", "text"),
    ("Status", "text"),
    ("Document", "text"),
    ("Outlet", "text"),
    ("Published", "text"),
    ("Start", "number"),
    ("End", "number"),
    ("Link", "text"),
)
"""Column headings and how each sorts (strength sorts strongest first)."""

_STRENGTH_RANK = {s.value: n for n, s in enumerate(SourcingStrength)}

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
p.note { color: #555; margin: 0 0 1rem; }
label.filter { display: block; margin: 0 0 .8rem; }
label.filter input { font: inherit; padding: .25rem .4rem; width: 22rem; max-width: 100%; }
label.filter output { color: #555; margin-left: .6rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .4rem; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
td { max-width: 9rem; font-size: .93em; }
th { position: sticky; top: 0; background: #f4f4f4; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid #0b5cad; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.quote { white-space: pre-wrap; max-width: none; width: 34%; min-width: 18rem;
  overflow-wrap: normal; font-size: 1em; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.strength { border-radius: .3rem; padding: 0 .3rem; white-space: nowrap; }
.s-on_record { background: #d8f0d8; }
.s-official_statement { background: #dcebf8; }
.s-documentary { background: #e8e2f5; }
.s-anonymous_described { background: #fbebd0; }
.s-anonymous_vague { background: #f8d7d3; }
.s-unattributed { background: #e6e6e6; }
"""

# Sorts by a cell's data-sort (numbers, strength rank) or its text; a second click
# reverses. Rows keep their order among equals (Array.prototype.sort is stable). The
# filter box keeps the rows holding every word typed, case and accents folded.
_SCRIPT = """
(function () {
  var table = document.getElementById("citations");
  var headers = table.tHead.rows[0].cells;
  var body = table.tBodies[0];
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  function fold(text) {
    return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLocaleLowerCase();
  }
  function narrow() {
    var words = fold(filter.value).split(/\\s+/).filter(Boolean);
    var visible = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.getAttribute("data-text");
      if (text === null) { text = fold(row.textContent); row.setAttribute("data-text", text); }
      var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !keep;
      if (keep) visible++;
    });
    shown.value = visible + " of " + body.rows.length + " rows";
  }
  filter.addEventListener("input", narrow);
  narrow();
  function key(row, column, numeric) {
    var cell = row.cells[column];
    var raw = cell.getAttribute("data-sort");
    if (raw === null) raw = cell.textContent;
    return numeric ? parseFloat(raw) : raw.toLocaleLowerCase();
  }
  function sortBy(column) {
    var th = headers[column];
    var numeric = th.getAttribute("data-type") !== "text";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column, numeric), y = key(b, column, numeric);
      var order = numeric ? x - y : x.localeCompare(y);
      if (numeric && isNaN(order)) order = isNaN(x) ? (isNaN(y) ? 0 : 1) : -1;
      return ascending ? order : -order;
    });
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(headers, function (th, column) {
    th.querySelector("button").addEventListener("click", function () { sortBy(column); });
  });
})();
"""


def _sha256(source: str) -> str:
    return base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


_POLICY = (
    "default-src 'none'; "
    f"style-src 'sha256-{_sha256(_STYLE)}'; "
    f"script-src 'sha256-{_sha256(_SCRIPT)}'; "
    "base-uri 'none'; form-action 'none'"
)


def _esc(value: object) -> str:
    return "" if value is None else html.escape(shown_controls(str(value)), quote=True)


def _anchor(url: str, label: str) -> str:
    return (
        f'<a href="{_esc(url.strip())}" target="_blank" rel="noopener noreferrer">{_esc(label)}</a>'
    )


def _row(citation: Citation) -> str:
    row = citation.row()
    doc = citation.document
    title = doc.title or f"document {doc.id}"
    if is_web_url(doc.url):
        document = _anchor(doc.url or "", title)
    elif doc.url:
        document = f"{_esc(title)} ({_esc(doc.url)})"
    else:
        document = _esc(title)
    strength = row["strength"]
    if strength in _STRENGTH_RANK:
        strength_cell = (
            f'<td data-sort="{_STRENGTH_RANK[strength]}">'
            f'<span class="strength s-{strength}">{_esc(strength)}</span></td>'
        )
    else:
        strength_cell = f'<td data-sort="99">{_esc(strength)}</td>'
    cells = [
        f'<td class="number">{citation.id}</td>',
        f'<td class="quote">{_esc(row["quote"])}</td>',
        f"<td>{_esc(row['speaker'])}</td>",
        f"<td>{_esc(row['speaker_type'])}</td>",
        strength_cell,
        f"<td>{_esc(row['mode'])}</td>",
        f"<td>{_esc(row['cue'])}</td>",
        f"<td>{_esc(row['source'])}</td>",
        f"<td>{_esc(row['status'])}</td>",
        f"<td>{document}</td>",
        f"<td>{_esc(row['outlet'])}</td>",
        f"<td>{_esc(row['published'])}</td>",
        f'<td class="number">{citation.start}</td>',
        f'<td class="number">{citation.end}</td>',
        f"<td>{_anchor(citation.link, 'quote') if citation.link else ''}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>\n"


def write_html(citations: Iterable[Citation]) -> Iterator[str]:
    """The page: a heading, a note, and the table (one row per citation)."""
    headings = "".join(
        f'<th scope="col" data-type="{kind}"><button type="button">{_esc(name)}</button></th>'
        for name, kind in HTML_COLUMNS
    )
    yield (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_esc(_POLICY)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Citations</title>\n"
        f"<style>{_STYLE}</style>\n"
        "</head>\n<body>\n<h1>Citations</h1>\n"
        '<p class="note">Exported by prov. Click a column heading to sort; '
        "&ldquo;quote&rdquo; links open the article at the quoted words.</p>\n"
        '<label class="filter">Filter rows '
        '<input type="search" id="filter" placeholder="words in any column" '
        'autocomplete="off"><output id="shown" aria-live="polite"></output></label>\n'
        f'<table id="citations">\n<thead><tr>{headings}</tr></thead>\n<tbody>\n'
    )
    for citation in citations:
        yield _row(citation)
    yield f"</tbody>\n</table>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
