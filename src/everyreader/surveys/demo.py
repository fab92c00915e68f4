"""Demo surveys: the needs survey (one run) and the service-quality survey in three waves
(before / during / after the programme) with a few hundred pseudonymous responses.

Staff service and accessibility improve over the waves; information access and the library as
a place stay flat. Deterministic (ctx["random"]), idempotent (fixed families), fast (bulk_create).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from everyreader.surveys import logic, selectors
from everyreader.surveys import services_builder as builder
from everyreader.surveys.models import (Answer, QuestionKind, Response, ResponseMode, ResponseStatus, Survey,
                                        SurveyRun)
from everyreader.surveys.services_responses import reader_pseudonym

NEEDS_FAMILY, SQ_FAMILY = "demo-needs", "demo-sq"
PROGRAMME = "2026 特殊群体精细化服务提升计划"
# wave: (token, name, responses, days ago, perceived mean by dimension)
WAVES = [
    ("before", "demo-sq-before", "服务质量评价（计划实施前）", 130, 300,
     {"staff": 5.4, "information": 6.0, "place": 6.3, "accessibility": 4.5}),
    ("during", "demo-sq-during", "服务质量评价（计划实施中）", 110, 160,
     {"staff": 6.1, "information": 6.0, "place": 6.4, "accessibility": 5.4}),
    ("after", "demo-sq-after", "服务质量评价（计划实施后）", 140, 20,
     {"staff": 6.9, "information": 6.1, "place": 6.3, "accessibility": 6.4}),
]
MODES = [(ResponseMode.ONLINE, 50), (ResponseMode.KIOSK, 20), (ResponseMode.PAPER, 10),
         (ResponseMode.LARGE_PRINT, 9), (ResponseMode.BRAILLE, 4), (ResponseMode.INTERVIEW, 7)]
COMMENTS = ["希望增加大字本图书的种类", "工作人员很耐心，帮我找到了有声书", "网站用读屏软件还是不太方便",
            "阅览室比以前安静了", "希望送书上门的次数多一些", "无障碍通道有时被自行车挡住", "盲文书太少",
            "工作人员主动询问我的需要，很感谢", "希望周末也有朗读活动", "助视器很好用，希望多配几台"]
NEEDS_TEXTS = ["希望有人读报纸给我听", "需要更多有声小说", "想学用手机听书", "希望社区也能借到大字本",
               "盲文点显器可以借回家吗", "希望活动有手语翻译"]


def _clip(value: float) -> int:
    return max(1, min(9, round(value)))


def _published(family: str, key: str, actor) -> Survey:
    survey = Survey.objects.filter(family=family).order_by("version").first()
    if survey is None:
        survey = builder.survey_from_template(actor=actor, key=key)
        Survey.objects.filter(pk=survey.pk).update(family=family)
        survey.refresh_from_db()
        survey = builder.survey_publish(actor=actor, survey=survey)
    return survey


def _run(survey, token, name, wave, days_ago, actor) -> tuple[SurveyRun, bool]:
    run = SurveyRun.objects.filter(token=token).first()
    if run is not None:
        return run, False
    run = SurveyRun.objects.create(survey=survey, name=name, wave=wave, programme=PROGRAMME, token=token,
                                   created_by=actor, is_open=wave == "after")
    SurveyRun.objects.filter(pk=run.pk).update(opened_at=timezone.now() - timedelta(days=days_ago + 14))
    return run, True


def _population():
    """Demo readers with the profile snapshot a response keeps (category, branch, segment ids)."""
    from everyreader.readers import selectors as reader_selectors
    from everyreader.readers.models import Reader

    readers = list(Reader.objects.filter(is_active=True).order_by("pk").values("pk", "category", "home_branch_id"))
    membership = {}
    for segment in reader_selectors.segment_list():
        for pk in reader_selectors.segment_members(segment).values_list("pk", flat=True):
            membership.setdefault(pk, []).append(segment.pk)
    for reader in readers:
        reader["segment_ids"] = membership.get(reader["pk"], [])
    return readers


def _responses(run, rng, count, days_ago, people):
    now = timezone.now()
    chosen = rng.sample(people, min(count, len(people))) if people else [None] * count
    modes = [m for m, weight in MODES for _i in range(weight)]
    rows = []
    for index, person in enumerate(chosen):
        mode = rng.choice(modes)
        submitted = now - timedelta(days=days_ago + rng.randint(0, 13), minutes=rng.randint(0, 600))
        pseudo = reader_pseudonym(run, type("R", (), {"pk": person["pk"]})) if person and mode == "online" else ""
        rows.append(Response(run=run, status=ResponseStatus.SUBMITTED, mode=mode, pseudonym=pseudo,
                             category=person["category"] if person else "",
                             branch_id=person["home_branch_id"] if person else None,
                             segment_ids=person["segment_ids"] if person else [], language="zh-hans",
                             easy_read=rng.random() < 0.15, submitted_at=submitted, page=0))
    return Response.objects.bulk_create(rows)


def _sq_answers(run, responses, questions, rng, means) -> list[Answer]:
    answers = []
    for response in responses:
        lite = logic.choose_lite_items(questions, run.survey.lite_item_count, rng)
        response.item_codes = lite
        for q in questions:
            if q.kind == QuestionKind.SERVICE_QUALITY:
                if lite and q.code not in lite:
                    continue
                if rng.random() < 0.05:
                    answers.append(Answer(response=response, question=q, not_applicable=True))
                    continue
                minimum = _clip(rng.gauss(5.6, 1.2))
                desired = max(minimum, _clip(rng.gauss(7.8, 0.8)))
                perceived = _clip(rng.gauss(means[q.dimension], 1.3))
                answers.append(Answer(response=response, question=q, minimum=minimum, desired=desired,
                                      perceived=perceived))
            elif q.kind == QuestionKind.RATING:
                mean = sum(means.values()) / len(means)
                answers.append(Answer(response=response, question=q,
                                      number=max(0, min(10, round(rng.gauss(mean + 0.6, 1.6))))))
            elif q.kind == QuestionKind.LONG_TEXT and rng.random() < 0.25:
                answers.append(Answer(response=response, question=q, text=rng.choice(COMMENTS)))
    Response.objects.bulk_update(responses, ["item_codes"])
    return answers


PREFERENCES = {  # category -> weights for formats
    "senior": {"large_print": 6, "audio": 5, "print": 3, "etext": 1},
    "child": {"print": 5, "easy_read": 4, "audio": 3, "sign": 1},
    "teen": {"etext": 5, "audio": 3, "print": 3, "braille": 1},
    "adult": {"audio": 4, "etext": 4, "braille": 2, "large_print": 2, "sign": 1},
}


def _pick(rng, weights: dict, k: int) -> list[str]:
    pool = [v for v, w in weights.items() for _i in range(w)]
    result = []
    while pool and len(result) < k:
        value = rng.choice(pool)
        result.append(value)
        pool = [v for v in pool if v != value]
    return result


def _needs_answers(responses, questions, rng) -> list[Answer]:
    by_code = {q.code: q for q in questions}
    answers = []
    for response in responses:
        category = response.category or "adult"
        formats = _pick(rng, PREFERENCES.get(category, PREFERENCES["adult"]), rng.randint(1, 3))
        assistive = ["none"] if rng.random() < 0.3 else _pick(
            rng, {"screen_reader": 3, "magnifier": 4 if category == "senior" else 1, "braille_display": 1,
                  "hearing": 2 if category == "senior" else 1}, rng.randint(1, 2))
        barriers = _pick(rng, {"travel": 4 if category == "senior" else 2, "formats": 4, "signs": 2,
                               "website": 3, "staff": 1, "building": 2, "none": 2}, rng.randint(1, 3))
        if "none" in barriers:
            barriers = ["none"]
        services = _pick(rng, {"delivery": 4 if category == "senior" else 1, "reading_aloud": 3, "training": 3,
                               "escort": 1, "production": 2, "events": 2}, rng.randint(1, 3))
        values = {
            "read_freq": rng.choice(["daily", "daily", "weekly", "weekly", "monthly", "rarely"]),
            "topics": _pick(rng, {"news": 3, "health": 4 if category == "senior" else 1, "history": 2,
                                  "fiction": 3, "skills": 2, "children": 4 if category == "child" else 0}, 2),
            "visits": float(max(0, round(rng.gauss(14, 9)))),
            "formats": formats, "assistive": assistive, "barriers": barriers, "services": services,
            "ease": float(max(1, min(5, round(rng.gauss(3.3, 1))))),
            "importance": float(max(0, min(10, round(rng.gauss(7.5, 1.8))))),
            "contact": rng.choice(["sms", "sms", "phone", "phone", "email", "large_print", "braille"]),
        }
        if assistive == ["none"] and rng.random() < 0.5:
            values["assistive_need"] = rng.choice(["助视器", "读屏软件培训", "听书机"])
        if barriers != ["none"] and rng.random() < 0.4:
            values["barrier_detail"] = rng.choice(NEEDS_TEXTS)
        if rng.random() < 0.3:
            values["ideas"] = rng.choice(NEEDS_TEXTS)
        for code, value in values.items():
            q = by_code[code]
            if q.kind == QuestionKind.MULTIPLE:
                answers.append(Answer(response=response, question=q, values=value))
            elif q.kind in (QuestionKind.SINGLE, QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
                answers.append(Answer(response=response, question=q, text=value))
            else:
                answers.append(Answer(response=response, question=q, number=value))
    return answers


def seed(ctx):
    rng: random.Random = ctx["random"]
    actor = ctx.get("staff", {}).get("manager")
    people = _population()
    needs = _published(NEEDS_FAMILY, "needs", actor)
    run, created = _run(needs, "demo-needs", "特殊读者阅读需求调研（第 1–4 周）", "before", 320, actor)
    if created:
        responses = _responses(run, rng, 160, 320, people)
        Answer.objects.bulk_create(_needs_answers(responses, selectors.survey_questions(needs), rng))
    sq = _published(SQ_FAMILY, "service_quality", actor)
    questions = selectors.survey_questions(sq)
    for wave, token, name, count, days_ago, means in WAVES:
        run, created = _run(sq, token, name, wave, days_ago, actor)
        if created:
            responses = _responses(run, rng, count, days_ago, people)
            Answer.objects.bulk_create(_sq_answers(run, responses, questions, rng, means))
