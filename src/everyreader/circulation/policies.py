"""Policy resolution: which row of the rule matrix applies to a reader, a format and a branch.

Order of specificity (most specific wins): reader category, then format, then branch. A row that
names the reader's category beats every row that does not, whatever else they name; among rows
equal on category, one naming the format beats one that does not; then one naming the branch.
When no row matches, FALLBACK applies (28 days, 2 renewals, no fines).
"""

from __future__ import annotations

import copy
from decimal import Decimal

from everyreader.circulation.models import CirculationPolicy
from everyreader.core import generations
from everyreader.core.generations import GenerationCache

FALLBACK = CirculationPolicy(loan_days=28, max_renewals=2, item_limit=20, hold_limit=10,
                             fine_per_day=Decimal("0"), grace_days=0, free_postal=False, auto_renew=False,
                             hold_pickup_days=7, note="built-in fallback")


_MATRIX = GenerationCache(generations.POLICIES)


def policy_for(*, reader_category: str, format: str, branch_id: int | None) -> CirculationPolicy:
    """The most specific policy for this category × format × branch (a copy the caller may
    change). The matrix is kept per process until a policy changes (core/generations.py)."""
    category, format = reader_category or "", format or ""
    rows = _MATRIX.get("all", lambda: list(CirculationPolicy.objects.all()))
    best = max((p for p in rows if p.reader_category in ("", category) and p.format in ("", format)
                and p.branch_id in (None, branch_id)), key=lambda p: p.specificity, default=None)
    return copy.copy(best if best is not None else FALLBACK)


def policies_changed(**kwargs) -> None:
    generations.bump(generations.POLICIES)


#: The reader category for verified print-disabled readers (Marrakesh beneficiaries). A category,
#: not the sensitive needs profile, drives their special arrangement, so the desk never needs to
#: read the needs profile to lend. (code, zh-hans, zh-hant, en, order)
PRINT_DISABLED = "print-disabled"
PRINT_DISABLED_CATEGORY = (PRINT_DISABLED, "阅读障碍读者（经核实，含视障）", "閱讀障礙讀者（經核實，含視障）",
                           "Print-disabled reader (verified, incl. visually impaired)", 50)

#: Seeded defaults (data migration 0002). (category, format, fields); "" = any.
ACCESSIBLE_PHYSICAL = ("braille", "audio", "daisy", "tactile", "large_print")
DEFAULT_POLICIES = [
    ("", "", {"loan_days": 28, "max_renewals": 2, "item_limit": 20, "hold_limit": 10,
              "auto_renew": True, "note": "Standard loan"}),
    *[("", fmt, {"loan_days": 42, "max_renewals": 3, "item_limit": 20, "hold_limit": 10,
                 "free_postal": fmt in ("braille", "audio", "daisy", "tactile"), "auto_renew": True,
                 "note": "Accessible format: longer loan, no fines, free postal loan"})
      for fmt in ACCESSIBLE_PHYSICAL],
    ("", "device", {"loan_days": 14, "max_renewals": 1, "item_limit": 1, "hold_limit": 2,
                    "auto_renew": False, "note": "Assistive device: shorter loan, one at a time"}),
    ("child", "", {"loan_days": 21, "max_renewals": 2, "item_limit": 10, "hold_limit": 5,
                   "auto_renew": True, "note": "Children"}),
    (PRINT_DISABLED, "", {"loan_days": 56, "max_renewals": 4, "item_limit": 30, "hold_limit": 20,
                          "free_postal": True, "auto_renew": True,
                          "note": "Verified print-disabled readers: longer loans, free postal loans"}),
    ("senior", "", {"loan_days": 42, "max_renewals": 3, "item_limit": 20, "hold_limit": 10,
                    "auto_renew": True, "note": "Senior readers: longer loan"}),
    # Category beats format, so each category that has its own row also gets the device rule.
    *[(category, "device", {"loan_days": 14, "max_renewals": 1, "item_limit": 1, "hold_limit": 2,
                            "auto_renew": False, "note": "Assistive device: shorter loan, one at a time"})
      for category in (PRINT_DISABLED, "child", "senior")],
]
