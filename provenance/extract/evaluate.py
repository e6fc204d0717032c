"""Evaluate the extractor against gold attributions: PolNeAR (BRAT) or the seed.

Run from the project folder::

    python -m provenance.extract.evaluate --data ../shared/polnear/dev
    python -m provenance.extract.evaluate --seed --format json

Scoring rules are those of :mod:`provenance.extract.scoring`. Two conventions differ
between the gold sets and are applied here, stated so the figures can be read:

* PolNeAR counts a quotation that goes on after its cue ("“A,” she said. “B.”") as
  *one* attribution with discontinuous content; the seed annotation (and the database)
  records the continuation as an attribution of its own. For PolNeAR, a proposal that
  ``continues`` another is therefore merged into it before scoring (its content
  fragments join the head's); ``--no-merge-continuations`` scores them apart.
* PolNeAR articles with several annotators are read from one annotation file, the
  first by file name (:func:`provenance.extract.brat.choose_annotation`).
* The seed's gold is its sourced attributions: the reporter's own assertions
  (strength ``unattributed``) are not attributions to propose.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from provenance.extract.propose import Proposal, extract
from provenance.extract.scoring import Counts, score_document

__all__ = ["Scored", "evaluate_polnear", "evaluate_seed", "main", "scorable_proposals"]

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Scored:
    """A proposal or gold attribution as the scorer sees it."""

    content: Fragments
    source: Fragments | None


def _fragments(span: tuple[int, int] | None) -> Fragments | None:
    return (span,) if span else None


def scorable_proposals(proposals: Sequence[Proposal], *, merge_continuations: bool) -> list[Scored]:
    """Turn proposals into scorer input, optionally folding continuations into their
    head proposal (the PolNeAR convention)."""
    if not merge_continuations:
        return [Scored((p.content,), _fragments(p.source)) for p in proposals]
    contents: dict[int, list[tuple[int, int]]] = {}
    for index, proposal in enumerate(proposals):
        head = index
        while proposals[head].continues is not None:
            head = proposals[head].continues  # type: ignore[assignment]
        contents.setdefault(head, []).append(proposal.content)
    return [
        Scored(tuple(sorted(contents[i])), _fragments(proposals[i].source))
        for i in sorted(contents)
    ]


def evaluate_polnear(folder: Path, *, merge_continuations: bool = True) -> Counts:
    """Micro-averaged counts over every article of a PolNeAR split folder."""
    from provenance.extract.brat import read_corpus

    total = Counts()
    for article in read_corpus(folder):
        proposed = scorable_proposals(
            extract(article.text), merge_continuations=merge_continuations
        )
        total += score_document(article.text, article.attributions, proposed)
    return total


def evaluate_seed(*, merge_continuations: bool = False) -> Counts:
    """Counts for the seed article against its hand annotation."""
    from provenance.interchange.seed import load_seed_gold

    text, gold = load_seed_gold()
    scored_gold = [
        Scored(
            ((g.content.start, g.content.end),),
            ((g.source.start, g.source.end),) if g.source is not None else None,
        )
        for g in gold
    ]
    proposed = scorable_proposals(extract(text), merge_continuations=merge_continuations)
    return score_document(text, scored_gold, proposed)


def _figures(counts: Counts) -> dict[str, float | int | None]:
    return {
        "proposed": counts.proposed,
        "gold": counts.gold,
        "lenient_matches": counts.lenient,
        "strict_matches": counts.strict,
        "lenient_precision": round(counts.precision(), 4),
        "lenient_recall": round(counts.recall(), 4),
        "lenient_f1": round(counts.f1(), 4),
        "strict_precision": round(counts.precision(strict=True), 4),
        "strict_recall": round(counts.recall(strict=True), 4),
        "strict_f1": round(counts.f1(strict=True), 4),
        "sources_checked": counts.sources_checked,
        "sources_right": counts.sources_right,
        "source_accuracy": (
            None if counts.source_accuracy() is None else round(counts.source_accuracy() or 0, 4)
        ),
    }


def _report(name: str, counts: Counts) -> str:
    accuracy = counts.source_accuracy()
    shown = "n/a" if accuracy is None else f"{accuracy:.3f}"
    lines = [f"{name}: {counts.proposed} proposed, {counts.gold} gold"]
    for label, strict in (("lenient", False), ("strict ", True)):
        p, r, f = (
            counts.precision(strict=strict),
            counts.recall(strict=strict),
            counts.f1(strict=strict),
        )
        matches = counts.strict if strict else counts.lenient
        lines.append(f"  {label}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({matches} matches)")
    lines.append(
        f"  source accuracy {shown} ({counts.sources_right} right of {counts.sources_checked}"
        " lenient matches whose gold has a source)"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m provenance.extract.evaluate",
        description="Score the attribution extractor against PolNeAR or the seed annotation.",
    )
    parser.add_argument(
        "--data", type=Path, action="append", default=[], help="a PolNeAR split folder"
    )
    parser.add_argument("--seed", action="store_true", help="score against the seed annotation")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--merge-continuations",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="fold continuations into their head (default: on for PolNeAR, off for the seed)",
    )
    args = parser.parse_args(argv)
    if not args.data and not args.seed:
        parser.error("give --data FOLDER and/or --seed")
    results: dict[str, Counts] = {}
    for folder in args.data:
        if not (folder / "attributions").is_dir():
            parser.error(f"{folder} has no attributions/ folder: is it a PolNeAR split?")
        merge = True if args.merge_continuations is None else args.merge_continuations
        results[str(folder)] = evaluate_polnear(folder, merge_continuations=merge)
    if args.seed:
        merge = False if args.merge_continuations is None else args.merge_continuations
        results["seed"] = evaluate_seed(merge_continuations=merge)
    if args.format == "json":
        json.dump({name: _figures(c) for name, c in results.items()}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(_report(name, c) for name, c in results.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
