"""Raw responses as CSV or XLSX (one row per response, one column per question or scale)."""

from __future__ import annotations

from everyreader.core.exports import Sheet, csv_bytes, xlsx_bytes
from everyreader.surveys import selectors
from everyreader.surveys.logic import answer_value
from everyreader.surveys.models import Answer, QuestionKind, ResponseMode

BASE_COLUMNS = ["response", "run", "wave", "mode", "submitted_at", "category", "branch", "language", "easy_read"]


def _columns(questions):
    columns = []
    for q in questions:
        if q.kind == QuestionKind.SERVICE_QUALITY:
            columns += [f"{q.code}.minimum", f"{q.code}.desired", f"{q.code}.perceived", f"{q.code}.na"]
        else:
            columns.append(q.code)
    return columns


def rows(runs) -> tuple[list[str], list[list]]:
    """Header and rows. Never includes names or card numbers: responses are pseudonymous."""
    questions = selectors.survey_questions(runs[0].survey)
    header = BASE_COLUMNS + _columns(questions)
    responses = list(selectors.submitted_responses(runs).select_related("run", "branch").order_by("submitted_at", "pk"))
    answers: dict[int, dict] = {}
    for row in Answer.objects.filter(response__in=[r.pk for r in responses]).select_related("question"):
        answers.setdefault(row.response_id, {})[row.question.code] = answer_value(row)
    modes = dict(ResponseMode.choices)
    result = []
    for response in responses:
        given = answers.get(response.pk, {})
        line = [response.pk, response.run.name, response.run.wave, str(modes.get(response.mode, response.mode)),
                response.submitted_at.isoformat() if response.submitted_at else "", response.category,
                response.branch.name if response.branch else "", response.language, response.easy_read]
        for q in questions:
            value = given.get(q.code)
            if q.kind == QuestionKind.SERVICE_QUALITY:
                value = value or {}
                line += [value.get("minimum"), value.get("desired"), value.get("perceived"),
                         bool(value.get("na")) if value else None]
            elif isinstance(value, list):
                line.append(";".join(value))
            else:
                line.append(value)
        result.append(["" if v is None else v for v in line])
    return header, result


def to_csv(runs) -> bytes:
    header, data = rows(runs)
    return csv_bytes(header, data)


def to_xlsx(runs) -> bytes:
    header, data = rows(runs)
    return xlsx_bytes([Sheet("responses", header, data)])
