"""Comparing waves (before / during / after) item by item with the Mann–Whitney U test, suited to
ordinal ratings. The effect size is the rank-biserial correlation r = 2U / (n₁n₂) − 1: the chance
that a later answer is higher minus the chance it is lower (−1..1).

The verdict never claims a difference when either wave has fewer than MIN_N answers."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from scipy.stats import mannwhitneyu

MIN_N = 20
ALPHA = 0.05


@dataclass
class Comparison:
    n_earlier: int
    n_later: int
    mean_earlier: float | None
    mean_later: float | None
    u: float | None
    p: float | None
    effect: float | None
    verdict: str
    direction: str  # up | down | none | unknown


def effect_label(r: float) -> str:
    size = abs(r)
    if size < 0.1:
        return _("negligible")
    if size < 0.3:
        return _("small")
    if size < 0.5:
        return _("medium")
    return _("large")


def compare(earlier: list[float], later: list[float], *, earlier_label: str = "", later_label: str = "") -> Comparison:
    n1, n2 = len(earlier), len(later)
    m1 = sum(earlier) / n1 if n1 else None
    m2 = sum(later) / n2 if n2 else None
    if n1 < MIN_N or n2 < MIN_N:
        return Comparison(n1, n2, m1, m2, None, None, None,
                          _("Too few answers to tell (fewer than %(n)s in a wave).") % {"n": MIN_N}, "unknown")
    if len(set(earlier) | set(later)) == 1:
        return Comparison(n1, n2, m1, m2, None, 1.0, 0.0, _("No difference: every answer is the same."), "none")
    result = mannwhitneyu(later, earlier, alternative="two-sided")
    u = float(result.statistic)
    r = 2 * u / (n1 * n2) - 1
    p = float(result.pvalue)
    labels = {"earlier": earlier_label, "later": later_label, "size": effect_label(r)}
    if p < ALPHA and abs(r) >= 0.1:
        if r > 0:
            verdict = _("Higher in “%(later)s” than in “%(earlier)s” (%(size)s effect).") % labels
            direction = "up"
        else:
            verdict = _("Lower in “%(later)s” than in “%(earlier)s” (%(size)s effect).") % labels
            direction = "down"
    else:
        verdict = _("No clear difference between “%(earlier)s” and “%(later)s”.") % labels
        direction = "none"
    return Comparison(n1, n2, m1, m2, u, p, r, verdict, direction)
