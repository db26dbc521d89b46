"""Extraction quality and speed, alaune and trafilatura 2.3.1 side by side in one run, on the
two labelled sets of ../shared (scored as ../shared/tools/score_extraction.py scores).

    python -m benchmarks.extraction [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alaune.eval.extraction import evaluate, format_table

SHARED = Path(__file__).resolve().parents[2] / "shared"
SETS = ("fundus", "trafilatura-eval")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep both systems' outputs here (JSONL)")
    args = parser.parse_args()
    root = SHARED / "data" / "extraction"
    if not root.exists():
        sys.exit(f"{root} is absent: the benchmark reads the shared data beside the checkout")
    for name in SETS:
        table = evaluate(root / name, args.out / name if args.out else None)
        print(format_table(name, table))
        speedup = table["alaune"]["pages_per_s"] / table["trafilatura"]["pages_per_s"]
        print(f"\nspeed: alaune {speedup:.2f}x trafilatura (one core, same run)\n")


if __name__ == "__main__":
    main()
