"""Builder: every question type, skip-logic rules, versions, templates."""

import pytest

from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.surveys import services_builder as builder
from everyreader.surveys import templates_data
from everyreader.surveys.models import Question, QuestionKind, Survey, SurveyRun, SurveyStatus

pytestmark = pytest.mark.django_db


def test_every_question_type_can_be_built(all_types_survey):
    kinds = set(Question.objects.filter(section__survey=all_types_survey).values_list("kind", flat=True))
    assert kinds == set(QuestionKind.values)


@pytest.mark.parametrize("bad, field", [
    ({"kind": "single", "choices": [{"value": "a", "label": {}}]}, "choices"),
    ({"kind": "single", "choices": [{"value": "a"}, {"value": "a"}]}, "choices"),
    ({"kind": "sq"}, "dimension"),
    ({"kind": "nonsense"}, "kind"),
    ({"kind": "short_text", "text": {}}, "text_zh_hans"),
    ({"kind": "short_text", "code": "single"}, "code"),
    ({"kind": "short_text", "show_if_code": "l5", "show_if_values": ["1"]}, "show_if_code"),
    ({"kind": "short_text", "show_if_code": "single", "show_if_values": ["nope"]}, "show_if_values"),
    ({"kind": "number", "min_value": 5, "max_value": 1}, "min_value"),
])
def test_bad_questions_are_refused_and_nothing_is_written(all_types_survey, manager, bad, field):
    section = all_types_survey.sections.get()
    before = Question.objects.count()
    data = {"code": "new", "text": {"zh-hans": "新问题"}, **bad}
    with pytest.raises(DomainError) as error:
        builder.question_save(actor=manager, section=section, **data)
    assert error.value.field == field
    assert Question.objects.count() == before


def test_question_with_dependants_cannot_be_deleted(all_types_survey, manager):
    single = Question.objects.get(section__survey=all_types_survey, code="single")
    with pytest.raises(DomainError):
        builder.question_delete(actor=manager, question=single)
    assert Question.objects.filter(pk=single.pk).exists()


def test_publishing_freezes_and_editing_makes_a_new_version(all_types_survey, manager):
    survey = builder.survey_publish(actor=manager, survey=all_types_survey)
    section = survey.sections.get()
    with pytest.raises(DomainError):
        builder.question_save(actor=manager, section=section, code="late", kind="short_text",
                              text={"zh-hans": "晚来的问题"})
    with pytest.raises(DomainError):
        builder.survey_update(actor=manager, survey=survey, title={"zh-hans": "改名"})
    survey.refresh_from_db()
    assert survey.title["zh-hans"] == "测试问卷"
    draft = builder.survey_new_version(actor=manager, survey=survey)
    assert (draft.family, draft.version, draft.status) == (survey.family, 2, SurveyStatus.DRAFT)
    assert builder.survey_new_version(actor=manager, survey=survey) == draft  # one draft at a time
    codes = list(Question.objects.filter(section__survey=draft).values_list("code", flat=True))
    assert codes == list(Question.objects.filter(section__survey=survey).values_list("code", flat=True))
    builder.question_save(actor=manager, section=draft.sections.get(), code="late", kind="short_text",
                          text={"zh-hans": "晚来的问题"})
    builder.survey_publish(actor=manager, survey=draft)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.RETIRED
    assert not Question.objects.filter(section__survey=survey, code="late").exists()
    assert AuditEvent.objects.filter(action="survey.published").count() == 2


def test_runs_need_a_published_survey(all_types_survey, manager):
    with pytest.raises(DomainError):
        builder.run_create(actor=manager, survey=all_types_survey, name="x", wave="before")
    assert not SurveyRun.objects.exists()


@pytest.mark.parametrize("key", list(templates_data.TEMPLATES))
def test_templates_are_complete_in_three_languages(key, manager):
    data = templates_data.load(key)
    for section in data["sections"]:
        assert all(section["title"].get(lang) for lang in ("zh-hans", "zh-hant", "en"))
        for q in section["questions"]:
            assert all(q["text"].get(lang) for lang in ("zh-hans", "zh-hant", "en")), q["code"]
            for choice in q.get("choices", []):
                assert all(choice["label"].get(lang) for lang in ("zh-hans", "zh-hant", "en"))
    survey = builder.survey_from_template(actor=manager, key=key)
    assert Question.objects.filter(section__survey=survey).count() == sum(len(s["questions"]) for s in data["sections"])


def test_service_quality_template_has_four_dimensions(manager):
    survey = builder.survey_from_template(actor=manager, key="service_quality")
    dims = set(Question.objects.filter(section__survey=survey, kind="sq").values_list("dimension", flat=True))
    assert dims == {"staff", "information", "place", "accessibility"}


def test_unknown_template_is_refused(manager):
    with pytest.raises(DomainError):
        builder.survey_from_template(actor=manager, key="nope")
    assert not Survey.objects.exists()
