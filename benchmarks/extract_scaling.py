"""How the extractor's cost grows with its input, on inputs built to make it grow.

Run from the project folder::

    python benchmarks/extract_scaling.py [--factor 8] [--rounds 3]

Each case is extracted at a base size and at ``--factor`` times that size, in the same
run, and the ratio of the two times is printed beside the factor: a ratio near the
factor is linear, near its square quadratic. The cases are the ones that once were
quadratic: one endless sentence of cues, thousands of quotations on one line, and a
long article whose back-references look back over many speakers. Nothing here is a
test: the machines are shared and noisy, and only the ratios mean anything.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from provenance.extract import extract
from provenance.extract.sentences import lay_out

PARAGRAPH = (
    "Hakan Fidan told reporters the talks were technical. "
    "“We will see,” he said. A senior official said the plan was close. "
    "Analysts said Ankara would wait, while others said it would not.\n"
)

CASES: dict[str, tuple[Callable[[str], object], Callable[[int], str], int]] = {
    # name: (what runs, the input at a scale, the base scale)
    "one sentence of cues": (extract, lambda n: " ".join(["he said"] * n), 2500),
    "quotes and cues in one sentence": (
        extract,
        lambda n: " ".join(["“Yes,” he said, “and no,” she said,"] * n),
        500,
    ),
    "quotations on one line (sentences)": (
        lay_out,
        lambda n: 'He said "yes." She said no. ' * n,
        2000,
    ),
    "many speakers to look back over": (extract, lambda n: PARAGRAPH * n, 150),
}


def _best(run: Callable[[str], object], text: str, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        run(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factor", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"input {args.factor}x larger; linear ~{args.factor}x, quadratic ~{args.factor**2}x")
    for name, (run, build, base) in CASES.items():
        small = _best(run, build(base), args.rounds)
        large = _best(run, build(base * args.factor), args.rounds)
        print(f"{name:38} {small * 1000:8.1f} ms -> {large * 1000:9.1f} ms: {large / small:5.1f}x")


if __name__ == "__main__":
    main()
