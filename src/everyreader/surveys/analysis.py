"""Results: counts and percentages, means with 95 % confidence intervals, distributions, and the
service-quality gaps (adequacy = perceived − minimum, superiority = perceived − desired)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from scipy import stats as sps

from everyreader.surveys.models import (CHOICE_KINDS, ORDINAL_KINDS, TEXT_KINDS, Answer, Dimension,
                                        Question, QuestionKind)

SMALL_GROUP = 5
ANSWER_FIELDS = ("response_id", "question__code", "text", "number", "values", "minimum", "desired",
                 "perceived", "not_applicable", "response__category", "response__branch_id",
                 "response__segment_ids", "response__run_id")


@dataclass
class MeanCI:
    n: int
    mean: float | None
    low: float | None
    high: float | None


def mean_ci(values: list[float], confidence: float = 0.95) -> MeanCI:
    n = len(values)
    if n == 0:
        return MeanCI(0, None, None, None)
    mean = sum(values) / n
    if n < 2:
        return MeanCI(n, mean, None, None)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = float(sps.t.ppf((1 + confidence) / 2, n - 1)) * sd / math.sqrt(n)
    return MeanCI(n, mean, mean - half, mean + half)


def suppress(count: int) -> str:
    """Groups under 5 are shown as “<5” so that nobody can be singled out."""
    return "<5" if 0 < count < SMALL_GROUP else str(count)


def load_answers(responses) -> list[dict]:
    return list(Answer.objects.filter(response__in=responses).values(*ANSWER_FIELDS))


@dataclass
class GapItem:
    code: str
    label: str
    dimension: str
    n: int = 0
    na: int = 0
    minimum: float | None = None
    desired: float | None = None
    perceived: float | None = None
    perceived_ci: MeanCI | None = None

    @property
    def adequacy(self) -> float | None:
        if self.perceived is None or self.minimum is None:
            return None
        return self.perceived - self.minimum

    @property
    def superiority(self) -> float | None:
        if self.perceived is None or self.desired is None:
            return None
        return self.perceived - self.desired


def _gap_item(code, label, dimension, rows: list[dict], two_scale: bool) -> GapItem:
    item = GapItem(code=code, label=label, dimension=dimension)
    item.na = sum(1 for r in rows if r["not_applicable"])
    scored = [r for r in rows if not r["not_applicable"] and r["perceived"] is not None and r["desired"] is not None
              and (two_scale or r["minimum"] is not None)]
    item.n = len(scored)
    if scored:
        item.desired = sum(r["desired"] for r in scored) / item.n
        item.perceived = sum(r["perceived"] for r in scored) / item.n
        if not two_scale:
            item.minimum = sum(r["minimum"] for r in scored) / item.n
        item.perceived_ci = mean_ci([r["perceived"] for r in scored])
    return item


def gap_analysis(questions: list[Question], answers: list[dict], two_scale: bool) -> dict:
    """Per item, per dimension (all answers in it pooled) and overall."""
    by_code = defaultdict(list)
    for row in answers:
        by_code[row["question__code"]].append(row)
    sq = [q for q in questions if q.kind == QuestionKind.SERVICE_QUALITY]
    items = [_gap_item(q.code, q.text_plain, q.dimension, by_code[q.code], two_scale) for q in sq]
    labels = dict(Dimension.choices)
    dimensions = []
    for dim in [d for d in Dimension.values if any(q.dimension == d for q in sq)]:
        rows = [r for q in sq if q.dimension == dim for r in by_code[q.code]]
        dimensions.append(_gap_item(dim, str(labels[dim]), dim, rows, two_scale))
    overall = _gap_item("overall", "", "", [r for q in sq for r in by_code[q.code]], two_scale)
    return {"items": items, "dimensions": dimensions, "overall": overall}


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: list[tuple[str, int, float]] = field(default_factory=list)  # label, count, percent
    mean: MeanCI | None = None
    median: float | None = None
    texts: list[str] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)


def question_results(questions: list[Question], answers: list[dict]) -> list[QuestionResult]:
    from everyreader.surveys.themes import keyword_counts

    by_code = defaultdict(list)
    for row in answers:
        by_code[row["question__code"]].append(row)
    results = []
    for q in questions:
        rows = by_code[q.code]
        result = QuestionResult(question=q, answered=len(rows))
        if q.kind in CHOICE_KINDS:
            tally = Counter()
            for r in rows:
                tally.update(r["values"] if q.kind == QuestionKind.MULTIPLE else [r["text"]])
            result.counts = [(label, tally[value], 100 * tally[value] / len(rows) if rows else 0.0)
                             for value, label in q.choice_pairs()]
        elif q.kind in ORDINAL_KINDS or q.kind == QuestionKind.NUMBER:
            numbers = [r["number"] for r in rows if r["number"] is not None]
            result.mean = mean_ci(numbers)
            if numbers:
                ordered = sorted(numbers)
                mid = len(ordered) // 2
                result.median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
            if q.kind in ORDINAL_KINDS:
                from everyreader.surveys.logic import SCALE_POINTS

                low, high = SCALE_POINTS[q.kind]
                tally = Counter(int(n) for n in numbers)
                result.counts = [(str(p), tally[p], 100 * tally[p] / len(numbers) if numbers else 0.0)
                                 for p in range(low, high + 1)]
        elif q.kind in TEXT_KINDS:
            result.texts = [r["text"] for r in rows if r["text"]]
            result.themes = keyword_counts(result.texts)
        elif q.kind == QuestionKind.SERVICE_QUALITY:
            result.mean = mean_ci([r["perceived"] for r in rows if r["perceived"] is not None])
        results.append(result)
    return results


def group_breakdown(questions: list[Question], answers: list[dict], key: str, labels: dict,
                    two_scale: bool) -> list[dict]:
    """Per group (category, branch or segment): respondents (suppressed under 5) and, for groups of
    5 or more, the perceived mean and adequacy gap per dimension (or the mean of each scale question)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in answers:
        value = row[key]
        for group in (value if isinstance(value, list) else [value]):
            groups[str(group) if group not in (None, "") else ""].append(row)
    result = []
    for group, rows in groups.items():
        if group not in labels:
            continue
        respondents = len({r["response_id"] for r in rows})
        small = respondents < SMALL_GROUP
        sq = gap_analysis(questions, rows, two_scale) if not small else None
        ordinal = {}
        if not small:
            for q in questions:
                if q.kind in ORDINAL_KINDS:
                    ordinal[q.code] = mean_ci([r["number"] for r in rows
                                               if r["question__code"] == q.code and r["number"] is not None])
        result.append({"label": labels[group], "n": suppress(respondents), "small": small,
                       "gaps": sq, "ordinal": ordinal})
    return sorted(result, key=lambda g: str(g["label"]))
