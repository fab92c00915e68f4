import random

import pytest

from everyreader.surveys import services_builder as builder
from everyreader.surveys.models import QuestionKind


@pytest.fixture
def manager(make_user):
    return make_user("programme_manager")


def _choices(*values):
    return [{"value": v, "label": {"zh-hans": f"选项{v}", "en": f"Option {v}"}} for v in values]


@pytest.fixture
def all_types_survey(manager):
    """A small draft survey with one question of every type and a skip rule."""
    survey = builder.survey_create(actor=manager, title={"zh-hans": "测试问卷", "en": "Test survey"})
    section = builder.section_add(actor=manager, survey=survey, title={"zh-hans": "第一部分"})
    specs = [
        ("single", QuestionKind.SINGLE, {"choices": _choices("a", "b"), "required": True}),
        ("multi", QuestionKind.MULTIPLE, {"choices": _choices("x", "y", "z")}),
        ("l5", QuestionKind.LIKERT5, {}),
        ("l7", QuestionKind.LIKERT7, {}),
        ("rate", QuestionKind.RATING, {}),
        ("num", QuestionKind.NUMBER, {"min_value": 0, "max_value": 100}),
        ("short", QuestionKind.SHORT_TEXT, {}),
        ("long", QuestionKind.LONG_TEXT, {}),
        ("sq1", QuestionKind.SERVICE_QUALITY, {"dimension": "staff"}),
        ("sq2", QuestionKind.SERVICE_QUALITY, {"dimension": "accessibility"}),
        ("only_b", QuestionKind.SHORT_TEXT, {"show_if_code": "single", "show_if_values": ["b"], "required": True}),
    ]
    for code, kind, extra in specs:
        builder.question_save(actor=manager, section=section, code=code, kind=kind,
                              text={"zh-hans": f"问题 {code}", "en": f"Question {code}"}, **extra)
    return survey


@pytest.fixture
def open_run(all_types_survey, manager):
    survey = builder.survey_publish(actor=manager, survey=all_types_survey)
    return builder.run_create(actor=manager, survey=survey, name="第一轮", wave="before")


@pytest.fixture
def sq_run(manager):
    survey = builder.survey_from_template(actor=manager, key="service_quality")
    survey = builder.survey_publish(actor=manager, survey=survey)
    return builder.run_create(actor=manager, survey=survey, name="服务质量", wave="after")


@pytest.fixture
def rng():
    return random.Random(7)
