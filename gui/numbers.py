"""How the views write numbers: one definition each, so two views never write one value two ways."""

from __future__ import annotations


def belief_percent(probability: float) -> str:
    """A digit's belief as a percentage to 0.1 %, "<0.1%" under that: the belief chart's read-out wrote "0.0%" for
    what the bars beside it called "<0.1%"."""
    return f"{100 * probability:.1f}%" if probability >= 0.001 else "<0.1%"


def signed(value: float, decimals: int = 2) -> str:
    """``value`` with its sign, a true minus for a negative one: the read-out wrote "-0.04" beside the legend's
    "−1". A value that rounds to zero has none ("−0.00" read as a glitch)."""
    if round(value, decimals) == 0:
        return f"{0:.{decimals}f}"
    return f"{value:+.{decimals}f}".replace("-", "\N{MINUS SIGN}")
