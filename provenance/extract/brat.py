"""Read attribution annotations in BRAT standoff format (the PolNeAR corpus).

A BRAT ``.ann`` file holds text-bound spans (``T`` lines) and events (``E`` lines) that
link an ``Attribution`` trigger to its ``Content``, ``Cue`` and ``Source`` spans. A span
may be discontinuous: its fragments are separated by ``;``. An event may name spans
defined after it, so the whole file is read before any event is resolved.

PolNeAR specifics handled here: a continuation of the content is sometimes linked as a
second role ``Content2`` (merged into the content, as the guidelines say a continuation
belongs to the same attribution); the trigger may be ``Attribution-no-source``; the text
column of a ``T`` line can run over several lines, so lines that are neither ``T``, ``E``
nor notes are ignored and offsets, never the text column, are trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Fragments",
    "GoldArticle",
    "GoldAttribution",
    "choose_annotation",
    "parse_ann",
    "read_corpus",
]

Fragments = tuple[tuple[int, int], ...]
"""A possibly discontinuous span: half-open ``(start, end)`` fragments in text order."""

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_CONTENT_ROLES = ("Content", "Content2")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution relation; source and cue may be absent."""

    content: Fragments
    source: Fragments | None
    cue: Fragments | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """An article's text and the attributions of the one annotation chosen for it."""

    name: str
    text: str
    annotation: str
    attributions: tuple[GoldAttribution, ...]


def _fragments(spec: str) -> Fragments:
    pieces = []
    for fragment in spec.split(";"):
        start, end = fragment.split()
        pieces.append((int(start), int(end)))
    return tuple(sorted(pieces))


def _merge(parts: list[Fragments]) -> Fragments:
    return tuple(sorted({piece for part in parts for piece in part}))


def parse_ann(ann: str) -> list[GoldAttribution]:
    """The attribution relations of one ``.ann`` file, in the order of their ``E`` lines.

    A relation without any content span is skipped: it cannot be scored. Roles that
    name a span the file does not define are ignored.
    """
    spans: dict[str, Fragments] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        if match := _T_LINE.match(line):
            spans[match.group(1)] = _fragments(match.group(3))
        elif match := _E_LINE.match(line):
            roles = []
            for item in match.group(2).split():
                role, _, ref = item.partition(":")
                if ref:
                    roles.append((role, ref))
            events.append(roles)
    relations = []
    for roles in events:
        content: list[Fragments] = []
        source: list[Fragments] = []
        cue: list[Fragments] = []
        for role, ref in roles:
            if ref not in spans:
                continue
            if role in _CONTENT_ROLES:
                content.append(spans[ref])
            elif role == "Source":
                source.append(spans[ref])
            elif role == "Cue":
                cue.append(spans[ref])
        if not content:
            continue
        relations.append(
            GoldAttribution(
                content=_merge(content),
                source=_merge(source) if source else None,
                cue=_merge(cue) if cue else None,
            )
        )
    return relations


def _read_exact(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def choose_annotation(candidates: list[Path]) -> Path:
    """Pick one annotator's file for an article: the first by file name.

    Deterministic, and blind to the content, so no annotator is preferred for
    agreeing with the extractor.
    """
    return min(candidates, key=lambda path: path.name)


def read_corpus(folder: Path) -> list[GoldArticle]:
    """Every article of a PolNeAR split folder (``text/*.txt``, ``attributions/*.ann``).

    The annotation file ``<article>_<annotator>.ann`` belongs to ``text/<article>.txt``;
    an article with several annotators is read from :func:`choose_annotation`'s pick.
    Articles are returned sorted by name; a text without any annotation is skipped.
    """
    by_article: dict[str, list[Path]] = {}
    for ann in (folder / "attributions").glob("*.ann"):
        article = ann.stem.rsplit("_", 1)[0]
        by_article.setdefault(article, []).append(ann)
    articles = []
    for name in sorted(by_article):
        text_path = folder / "text" / f"{name}.txt"
        if not text_path.exists():
            continue
        chosen = choose_annotation(by_article[name])
        # Offsets count code points of the file as stored: no newline translation.
        text = _read_exact(text_path)
        relations = parse_ann(_read_exact(chosen))
        articles.append(GoldArticle(name, text, chosen.name, tuple(relations)))
    return articles
