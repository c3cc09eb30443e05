"""Single-line text dumps of growing size: the sources and extract stages should cost time
linear in the size (issue 16, defect 7: a 5 MB one-line dump took 30 s).

    .venv/bin/python bench/long_lines.py            # 0.5, 1, 2 and 4 MB
Prints seconds per size and per MB; a per-MB figure that grows with the size is a
quadratic step. Synthetic text (no corpus needed).
"""

from __future__ import annotations

import random
import time

from storyline.extract import extract_page
from storyline.sources.pages import make_page

WORDS = ("the council said on monday that a new harbour budget would be approved after a long "
         "debate while the ferry operator warned of delays").split()  # fmt: skip


def one_line(size: int, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        word = rng.choice(WORDS) + ("." if rng.random() < 0.07 else "")
        out.append(word)
        total += len(word) + 1
    return " ".join(out).encode()


def main() -> None:
    extract_page(make_page(one_line(20_000), kind="text", ref="w", origin="w", group="g"))
    for megabytes in (0.5, 1, 2, 4):
        data = one_line(int(megabytes * 1_000_000))
        started = time.perf_counter()
        page = make_page(data, kind="text", ref="b", origin="b", group="g")
        extract_page(page)
        seconds = time.perf_counter() - started
        print(f"{megabytes:>4} MB  {seconds:6.2f} s  {seconds / megabytes:5.2f} s/MB")


if __name__ == "__main__":
    main()
