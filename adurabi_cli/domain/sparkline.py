"""Sparklines: a row of numbers as unicode blocks, for `adurabi trend` on a terminal."""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"
# A month without a value (no complaint closed: no on-time percentage) is a gap.
GAP = " "


def sparkline(values: Sequence[float | None]) -> str:
    """One block per value, scaled from zero to the largest: `▁▄█`; None is a gap.

    Zero is the lowest block and the largest value the highest; when every value is zero
    (or missing) the line is flat at the lowest block. Negative values count as zero.
    """
    present = [max(v, 0) for v in values if v is not None]
    top = max(present, default=0)
    steps = len(BLOCKS) - 1
    line = []
    for value in values:
        if value is None:
            line.append(GAP)
        elif top <= 0:
            line.append(BLOCKS[0])
        else:
            line.append(BLOCKS[round(max(value, 0) / top * steps)])
    return "".join(line)
