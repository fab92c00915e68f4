"""Writes for taking a survey: start, save a page, resume, submit, and staff entry of paper,
large-print, braille and interview answers. Responses are pseudonymous by default."""

from __future__ import annotations

import hashlib
import random
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.crypto import blind_index
from everyreader.core.errors import DomainError
from everyreader.surveys import logic, selectors
from everyreader.surveys.models import (CHOICE_KINDS, STAFF_MODES, TEXT_KINDS, Answer, QuestionKind,
                                        Response, ResponseMode, ResponseStatus, SurveyRun)

RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud and type


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").upper().encode()).hexdigest()


def new_resume_code() -> str:
    raw = "".join(secrets.choice(RESUME_ALPHABET) for _i in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def reader_pseudonym(run: SurveyRun, reader) -> str:
    return blind_index(f"survey-run:{run.pk}:reader:{reader.pk}")


def _reader_profile(reader) -> dict:
    """Only what aggregated breakdowns need: category, branch, segment ids (never needs details)."""
    from everyreader.readers import selectors as reader_selectors

    segment_ids = [s.pk for s in reader_selectors.segment_list()
                   if reader_selectors.segment_members(s).filter(pk=reader.pk).exists()]
    return {"category": reader.category, "branch_id": reader.home_branch_id, "segment_ids": segment_ids}


def _check_open(run: SurveyRun) -> None:
    if not SurveyRun.objects.filter(pk=run.pk, is_open=True).exists():
        raise DomainError(_("This survey is closed and no longer takes answers."), code="closed")


@transaction.atomic
def response_start(*, run: SurveyRun, mode: str = ResponseMode.ONLINE, reader=None, link_reader: bool = False,
                   language: str = "zh-hans", easy_read: bool = False,
                   rng: random.Random | None = None) -> tuple[Response, str]:
    """Start a response; returns it and the resume code (shown once, stored only as a hash)."""
    _check_open(run)
    questions = selectors.survey_questions(run.survey)
    response = Response(run=run, mode=mode, language=language[:10], easy_read=easy_read,
                        item_codes=logic.choose_lite_items(questions, run.survey.lite_item_count,
                                                           rng or random.SystemRandom()))
    if reader is not None:
        pseudonym = reader_pseudonym(run, reader)
        if Response.objects.filter(run=run, pseudonym=pseudonym, status=ResponseStatus.SUBMITTED).exists():
            raise DomainError(_("You have already answered this survey. Thank you!"), code="duplicate")
        existing = Response.objects.filter(run=run, pseudonym=pseudonym, status=ResponseStatus.IN_PROGRESS).first()
        if existing is not None:
            code = new_resume_code()
            existing.resume_hash = _hash_code(code)
            existing.save(update_fields=["resume_hash"])
            return existing, code
        profile = _reader_profile(reader)
        response.pseudonym = pseudonym
        response.category = profile["category"]
        response.branch_id = profile["branch_id"]
        response.segment_ids = profile["segment_ids"]
        if link_reader and run.survey.link_to_reader:
            response.reader = reader
    code = new_resume_code()
    response.resume_hash = _hash_code(code)
    response.save()
    if response.reader_id:
        audit.record(actor=reader.user, action="survey_response.linked", obj=response,
                     details={"run": run.pk})
    return response, code


def response_resume(*, run: SurveyRun, code: str) -> Response:
    response = Response.objects.filter(run=run, resume_hash=_hash_code(code or ""),
                                       status=ResponseStatus.IN_PROGRESS).first()
    if not code or response is None:
        raise DomainError(_("We could not find answers saved with that code. Check the code and try again."),
                          field="code")
    return response


def _write_answers(response: Response, cleaned: dict) -> None:
    by_code = {q.code: q for q in selectors.survey_questions(response.run.survey)}
    existing = {a.question_id: a for a in response.answers.all()}
    for code, value in cleaned.items():
        question = by_code[code]
        row = existing.get(question.pk)
        if value is None:
            if row is not None:
                row.delete()
            continue
        row = row or Answer(response=response, question=question)
        row.text, row.number, row.values = "", None, []
        row.minimum = row.desired = row.perceived = None
        row.not_applicable = False
        kind = question.kind
        if kind == QuestionKind.SERVICE_QUALITY:
            row.not_applicable = value["na"]
            row.minimum, row.desired, row.perceived = value["minimum"], value["desired"], value["perceived"]
        elif kind == QuestionKind.MULTIPLE:
            row.values = value
        elif kind in CHOICE_KINDS or kind in TEXT_KINDS:
            row.text = value
        else:
            row.number = value
        row.save()


def clean_answers(response: Response, raw: dict) -> tuple[dict, dict]:
    """Validate raw {code: value}; returns (cleaned, errors by code). Unknown codes are refused."""
    by_code = {q.code: q for q in selectors.survey_questions(response.run.survey)}
    cleaned, errors = {}, {}
    for code, value in raw.items():
        question = by_code.get(code)
        if question is None:
            errors[code] = _("There is no such question in this survey.")
            continue
        try:
            cleaned[code] = logic.clean_value(question, value)
        except DomainError as error:
            errors[code] = str(error.message)
    return cleaned, errors


@transaction.atomic
def response_save(*, response: Response, raw: dict, page: int | None = None) -> Response:
    """Save some answers (one page); nothing is written if any answer is invalid."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status != ResponseStatus.IN_PROGRESS:
        raise DomainError(_("These answers were already submitted."), code="submitted")
    _check_open(response.run)
    cleaned, errors = clean_answers(response, raw)
    if errors:
        raise DomainError(next(iter(errors.values())), field=next(iter(errors)))
    _write_answers(response, cleaned)
    if page is not None:
        response.page = max(page, 0)
        response.save(update_fields=["page"])
    return response


def current_answers(response: Response) -> dict:
    return logic.answers_from_rows(response.answers.select_related("question"))


@transaction.atomic
def response_submit(*, response: Response) -> Response:
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == ResponseStatus.SUBMITTED:
        return response
    _check_open(response.run)
    questions = selectors.survey_questions(response.run.survey)
    answers = current_answers(response)
    missing = logic.required_missing(questions, answers, response.item_codes)
    if missing:
        raise DomainError(_("Please answer “%(question)s” before sending.") % {"question": missing[0].text_plain},
                          field=missing[0].code)
    hidden = [q.pk for q in questions if not logic.is_shown(q, answers, response.item_codes)]
    response.answers.filter(question_id__in=hidden).delete()  # answers to questions skipped later on
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    response.resume_hash = ""
    response.save(update_fields=["status", "submitted_at", "resume_hash"])
    return response


@transaction.atomic
def response_enter_for_reader(*, actor, run: SurveyRun, mode: str, raw: dict, category: str = "",
                              branch=None, language: str = "zh-hans") -> Response:
    """Staff type in a paper, large-print, braille or interview response (all items, no lite subset)."""
    if mode not in STAFF_MODES:
        raise DomainError(_("Choose how the answers were given."), field="mode")
    from everyreader.readers.models import ReaderCategory

    if category and category not in ReaderCategory.values:
        raise DomainError(_("Choose a reader category from the list."), field="category")
    _check_open(run)
    response = Response.objects.create(run=run, mode=mode, category=category, branch=branch,
                                       language=language, entered_by=actor)
    cleaned, errors = clean_answers(response, raw)
    if errors:
        raise DomainError(next(iter(errors.values())), field=next(iter(errors)))
    questions = selectors.survey_questions(run.survey)
    missing = logic.required_missing(questions, cleaned, [])
    if missing:
        raise DomainError(_("Please answer “%(question)s” before sending.") % {"question": missing[0].text_plain},
                          field=missing[0].code)
    shown = {q.code for q in logic.visible_questions(questions, cleaned, [])}
    _write_answers(response, {c: v for c, v in cleaned.items() if c in shown})
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    response.save(update_fields=["status", "submitted_at"])
    audit.record(actor=actor, action="survey_response.entered", obj=response, details={"mode": mode, "run": run.pk})
    return response


def erase_reader_responses(*, actor, reader) -> int:
    """Reader erasure: answers stay for the statistics, fully anonymous (no link, no pseudonym)."""
    pseudonyms = [reader_pseudonym(run, reader) for run in SurveyRun.objects.only("pk")]
    return Response.objects.filter(Q(reader=reader) | Q(pseudonym__in=pseudonyms)).update(reader=None, pseudonym="")
