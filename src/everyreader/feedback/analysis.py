"""Feedback indicators for a period: volumes, Pareto of causes, service levels, satisfaction.

Every breakdown is a list of (label, count) rows; groups of readers smaller than
SUPPRESS_BELOW are shown as "<5" so that nobody can be singled out.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.feedback.models import CauseCategory, Channel, FeedbackItem, Kind, RootCause, State

SUPPRESS_BELOW = 5


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[tuple[str, int | str]] = field(default_factory=list)
    suppressed: bool = False


@dataclass
class Indicators:
    received: int
    responded: int
    within_target_pct: float | None
    median_days_to_respond: float | None
    median_days_to_close: float | None
    reopen_rate_pct: float | None
    satisfaction_mean: float | None
    satisfied_pct: float | None
    rated: int


def period_items(start: date, end: date) -> QuerySet[FeedbackItem]:
    tz = timezone.get_current_timezone()
    lower = timezone.make_aware(datetime.combine(start, time.min), tz)
    upper = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    return FeedbackItem.objects.filter(received_at__gte=lower, received_at__lt=upper)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _days(start, end) -> float:
    return round((end - start).total_seconds() / 86400, 1)


def indicators(items: QuerySet[FeedbackItem]) -> Indicators:
    rows = list(items.values("received_at", "first_responded_at", "responded_within_target", "closed_at",
                             "reopen_count", "state", "rating"))
    responded = [r for r in rows if r["first_responded_at"]]
    closed = [r for r in rows if r["closed_at"]]
    ratings = [r["rating"] for r in rows if r["rating"]]
    finished = [r for r in rows if r["state"] in (State.RESPONDED, State.CLOSED, State.REOPENED)]
    return Indicators(
        received=len(rows),
        responded=len(responded),
        within_target_pct=_pct(sum(1 for r in responded if r["responded_within_target"]), len(responded)),
        median_days_to_respond=(statistics.median(_days(r["received_at"], r["first_responded_at"])
                                                  for r in responded) if responded else None),
        median_days_to_close=(statistics.median(_days(r["received_at"], r["closed_at"]) for r in closed)
                              if closed else None),
        reopen_rate_pct=_pct(sum(1 for r in finished if r["reopen_count"]), len(finished)),
        satisfaction_mean=round(statistics.mean(ratings), 2) if ratings else None,
        satisfied_pct=_pct(sum(1 for r in ratings if r >= 4), len(ratings)),
        rated=len(ratings),
    )


def _count_by(items, field_name: str, labels: dict | None = None, *, suppress: bool = False,
              empty_label: str = "") -> list[tuple[str, int | str]]:
    result = []
    for row in items.values(field_name).annotate(n=Count("pk")).order_by("-n", field_name):
        key = row[field_name]
        label = (labels or {}).get(key, key) if key not in (None, "") else (empty_label or _("Not known"))
        count = row["n"]
        result.append((str(label), f"<{SUPPRESS_BELOW}" if suppress and count < SUPPRESS_BELOW else count))
    return result


def breakdowns(items: QuerySet[FeedbackItem]) -> list[Breakdown]:
    from everyreader.accounts.models import Branch
    from everyreader.feedback.models import Category
    from everyreader.readers.models import ReaderCategory

    branches = dict(Branch.objects.values_list("pk", "name"))
    categories = dict(Category.objects.values_list("pk", "name"))
    anonymous = _("Anonymous or not a registered reader")
    result = [
        Breakdown("kind", _("Feedback by kind"), _count_by(items, "kind", dict(Kind.choices))),
        Breakdown("category", _("Feedback by category"), _count_by(items, "category", categories)),
        Breakdown("channel", _("Feedback by channel"), _count_by(items, "channel", dict(Channel.choices))),
        Breakdown("branch", _("Feedback by branch"), _count_by(items, "branch", branches,
                                                               empty_label=_("No branch given"))),
        Breakdown("reader_category", _("Feedback by reader category"),
                  _count_by(items, "reader__category", dict(ReaderCategory.choices), suppress=True,
                            empty_label=anonymous), suppressed=True),
        Breakdown("reader_branch", _("Feedback by reader's home branch"),
                  _count_by(items, "reader__home_branch", branches, suppress=True, empty_label=anonymous),
                  suppressed=True),
    ]
    result.extend(segment_breakdowns(items))
    return result


def segment_breakdowns(items: QuerySet[FeedbackItem]) -> list[Breakdown]:
    """Feedback from the members of each reader segment (small groups suppressed)."""
    try:
        from everyreader.readers.selectors import segment_list, segment_members
    except ImportError:
        return []
    rows = []
    for segment in segment_list():
        count = items.filter(reader__in=segment_members(segment).values("pk")).count()
        rows.append((str(segment), f"<{SUPPRESS_BELOW}" if count < SUPPRESS_BELOW else count))
    return [Breakdown("segment", _("Feedback by reader segment"), rows, suppressed=True)]


def by_month(items: QuerySet[FeedbackItem]) -> list[tuple[str, int]]:
    rows = (items.annotate(month=TruncMonth("received_at")).values("month").annotate(n=Count("pk"))
            .order_by("month"))
    return [(row["month"].strftime("%Y-%m"), row["n"]) for row in rows]


def pareto(items: QuerySet[FeedbackItem]) -> list[tuple[str, int, float, float]]:
    """Causes of complaints, most frequent first: (cause, count, share %, cumulative %)."""
    labels = dict(CauseCategory.choices)
    counts = list(RootCause.objects.filter(item__in=items.values("pk")).values("cause_category")
                  .annotate(n=Count("pk")).order_by("-n", "cause_category"))
    total = sum(row["n"] for row in counts)
    result, running = [], 0
    for row in counts:
        running += row["n"]
        result.append((str(labels.get(row["cause_category"], row["cause_category"])), row["n"],
                       round(100.0 * row["n"] / total, 1), round(100.0 * running / total, 1)))
    return result
