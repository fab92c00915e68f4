"""Pure survey logic: which questions a respondent sees (skip logic, lite subsets), pages,
and validation of one answer value. No database writes here."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.utils.translation import gettext as _

from everyreader.core.errors import DomainError
from everyreader.surveys.models import CHOICE_KINDS, TEXT_KINDS, Question, QuestionKind

SCALE_POINTS = {QuestionKind.LIKERT5: (1, 5), QuestionKind.LIKERT7: (1, 7), QuestionKind.RATING: (0, 10)}
SQ_RANGE = (1, 9)
MAX_TEXT = 5000


def choose_lite_items(questions: list[Question], count: int, rng: random.Random) -> list[str]:
    """A random subset of `count` service-quality items (all of them when count is 0 or too big)."""
    items = [q.code for q in questions if q.kind == QuestionKind.SERVICE_QUALITY]
    if not count or count >= len(items):
        return []
    chosen = set(rng.sample(items, count))
    return [code for code in items if code in chosen]


def is_shown(question: Question, answers: dict, lite_codes: list[str]) -> bool:
    if lite_codes and question.kind == QuestionKind.SERVICE_QUALITY and question.code not in lite_codes:
        return False
    if question.show_if_code:
        value = answers.get(question.show_if_code)
        given = set(value) if isinstance(value, list) else ({value} if value not in (None, "") else set())
        return bool(given & set(question.show_if_values))
    return True


def visible_questions(questions: list[Question], answers: dict, lite_codes: list[str]) -> list[Question]:
    return [q for q in questions if is_shown(q, answers, lite_codes)]


@dataclass
class Page:
    title: str
    questions: list[Question]


def pages(questions: list[Question], answers: dict, lite_codes: list[str], one_per_page: bool) -> list[Page]:
    """Pages as the respondent sees them now: sections, or one question each; empty pages dropped."""
    shown = visible_questions(questions, answers, lite_codes)
    if one_per_page:
        return [Page(q.section.title_text, [q]) for q in shown]
    result: list[Page] = []
    for q in shown:
        if result and result[-1].questions[0].section_id == q.section_id:
            result[-1].questions.append(q)
        else:
            result.append(Page(q.section.title_text, [q]))
    return result


def _int(value, low, high, message):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(message) from None
    if not low <= number <= high:
        raise DomainError(message)
    return number


def clean_value(question: Question, value):
    """Validate one answer; returns the normalised value, or None for "not answered"."""
    if value in (None, "", []) or value == {}:
        return None
    kind = question.kind
    if kind == QuestionKind.SINGLE:
        if str(value) not in {v for v, _label in question.choice_pairs()}:
            raise DomainError(_("Choose one of the answers offered."))
        return str(value)
    if kind == QuestionKind.MULTIPLE:
        values = [str(v) for v in (value if isinstance(value, list) else [value])]
        allowed = [v for v, _label in question.choice_pairs()]
        if not set(values) <= set(allowed):
            raise DomainError(_("Choose from the answers offered."))
        return [v for v in allowed if v in values]
    if kind in SCALE_POINTS:
        low, high = SCALE_POINTS[kind]
        return _int(value, low, high, _("Choose a point from %(low)s to %(high)s.") % {"low": low, "high": high})
    if kind == QuestionKind.NUMBER:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise DomainError(_("Enter a number, for example 12.")) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise DomainError(_("Enter a number, for example 12."))
        if question.min_value is not None and number < question.min_value:
            raise DomainError(_("Enter %(min)g or more.") % {"min": question.min_value})
        if question.max_value is not None and number > question.max_value:
            raise DomainError(_("Enter %(max)g or less.") % {"max": question.max_value})
        return number
    if kind in TEXT_KINDS:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise DomainError(_("Please keep the answer under %(n)s characters.") % {"n": MAX_TEXT})
        return text or None
    if kind == QuestionKind.SERVICE_QUALITY:
        return _clean_sq(question, value)
    raise DomainError(_("Unknown question type."))


def _clean_sq(question: Question, value):
    if not isinstance(value, dict):
        raise DomainError(_("Give a score from 1 to 9 for each scale, or choose not applicable."))
    if value.get("na"):
        return {"na": True, "minimum": None, "desired": None, "perceived": None}
    message = _("Give a score from 1 to 9 for each scale, or choose not applicable.")
    scales = ("minimum", "desired", "perceived") if question.section.survey.scale_form == "three" \
        else ("desired", "perceived")
    given = {s: value.get(s) for s in scales if value.get(s) not in (None, "")}
    if not given:
        return None
    if len(given) != len(scales):
        raise DomainError(message)
    result = {"na": False, "minimum": None, "desired": None, "perceived": None}
    for scale, raw in given.items():
        result[scale] = _int(raw, *SQ_RANGE, message)
    if result["minimum"] is not None and result["minimum"] > result["desired"]:
        raise DomainError(_("Your minimum cannot be higher than the level you would like."))
    return result


def required_missing(questions: list[Question], answers: dict, lite_codes: list[str]) -> list[Question]:
    return [q for q in visible_questions(questions, answers, lite_codes)
            if q.required and answers.get(q.code) in (None, "", [])]


def answers_from_rows(rows) -> dict:
    """Answer rows (with .question) to {code: value}."""
    result = {}
    for row in rows:
        result[row.question.code] = answer_value(row)
    return result


def answer_value(row):
    kind = row.question.kind
    if kind == QuestionKind.SERVICE_QUALITY:
        return {"na": row.not_applicable, "minimum": row.minimum, "desired": row.desired,
                "perceived": row.perceived}
    if kind == QuestionKind.MULTIPLE:
        return list(row.values)
    if kind in CHOICE_KINDS or kind in TEXT_KINDS:
        return row.text
    if kind in SCALE_POINTS:
        return None if row.number is None else int(row.number)
    return row.number
