"""How fast the attribution extractor runs, in articles per second on one core.

Run from the project folder::

    python benchmarks/extract_speed.py [--polnear ../shared/polnear] [--rounds 3]

It reads the PolNeAR article texts when they are there (train and dev), otherwise the
seed article replicated 500 times. The machine is shared and noisy, so it also times a
bare baseline over the same texts in the same run (a plain ``re`` sentence split) and
prints the ratio: extractor time / baseline time. Each figure is the best of
``--rounds`` runs.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from provenance.extract import extract

ROOT = Path(__file__).resolve().parents[1]
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


def _texts(polnear: Path) -> tuple[str, list[str]]:
    files = sorted((polnear / "train" / "text").glob("*.txt")) + sorted(
        (polnear / "dev" / "text").glob("*.txt")
    )
    if files:
        texts = []
        for path in files:
            with path.open(encoding="utf-8", newline="") as fh:
                texts.append(fh.read())
        return f"PolNeAR train+dev ({polnear})", texts
    seed = (ROOT / "seeds" / "ft-israel-turkey-syria-2025-04.txt").read_text(encoding="utf-8")
    return "the seed article replicated", [seed] * 500


def _best(run: Callable[[], None], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "polnear")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    label, texts = _texts(args.polnear)
    size = sum(len(t) for t in texts) / len(texts)

    def run_extract() -> None:
        for text in texts:
            extract(text)

    def run_baseline() -> None:
        for text in texts:
            _SENTENCE_SPLIT.split(text)

    extract(texts[0])  # import-time and first-call costs are not the steady state
    extractor = _best(run_extract, args.rounds)
    baseline = _best(run_baseline, args.rounds)
    print(f"texts: {label}: {len(texts)} articles, {size:.0f} characters on average")
    print(f"extractor: {len(texts) / extractor:.0f} articles/s ({extractor:.2f} s)")
    print(f"baseline (re sentence split): {len(texts) / baseline:.0f} articles/s")
    print(f"ratio extractor/baseline time: {extractor / baseline:.0f}x")


if __name__ == "__main__":
    main()
