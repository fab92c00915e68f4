"""Taking a survey: answer validation for every type, skip logic, lite subsets, save/resume,
kiosk, submission, paper entry, invitations."""

import random

import pytest
from django.urls import reverse

from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.messaging.models import OutboundMessage
from everyreader.readers.models import Reader
from everyreader.surveys import logic, selectors
from everyreader.surveys import services_responses as svc
from everyreader.surveys.models import Answer, Response, ResponseStatus
from everyreader.surveys.services_invite import reader_from_token, run_invite

pytestmark = pytest.mark.django_db

GOOD = {"single": "a", "multi": ["z", "x"], "l5": "4", "l7": 7, "rate": "0", "num": "12.5", "short": " 你好 ",
        "long": "很长的回答", "sq1": {"minimum": "3", "desired": "8", "perceived": "6"}, "sq2": {"na": True}}
BAD = [("single", "c"), ("multi", ["w"]), ("l5", "6"), ("l7", "0"), ("rate", "11"), ("num", "abc"),
       ("num", "101"), ("num", "nan"), ("short", "字" * 5001), ("sq1", {"minimum": "3", "desired": "8"}),
       ("sq1", {"minimum": "9", "desired": "2", "perceived": "5"}), ("sq1", {"minimum": "0", "desired": "8",
                                                                           "perceived": "5"}), ("sq1", "7")]


def questions(run):
    return {q.code: q for q in selectors.survey_questions(run.survey)}


def test_every_type_accepts_good_values(open_run):
    qs = questions(open_run)
    cleaned = {code: logic.clean_value(qs[code], value) for code, value in GOOD.items()}
    assert cleaned["multi"] == ["x", "z"] and cleaned["l5"] == 4 and cleaned["rate"] == 0
    assert cleaned["num"] == 12.5 and cleaned["short"] == "你好"
    assert cleaned["sq1"] == {"na": False, "minimum": 3, "desired": 8, "perceived": 6}
    assert cleaned["sq2"]["na"] is True and cleaned["sq2"]["perceived"] is None


@pytest.mark.parametrize("code, value", BAD)
def test_every_type_refuses_bad_values(open_run, code, value):
    with pytest.raises(DomainError):
        logic.clean_value(questions(open_run)[code], value)


def test_skip_logic_shows_question_only_for_matching_answer(open_run):
    qs = list(questions(open_run).values())
    assert "only_b" not in [q.code for q in logic.visible_questions(qs, {"single": "a"}, [])]
    assert "only_b" in [q.code for q in logic.visible_questions(qs, {"single": "b"}, [])]
    assert [q.code for q in logic.required_missing(qs, {"single": "b"}, [])] == ["only_b"]
    assert logic.required_missing(qs, {"single": "a"}, []) == []


def test_lite_subset_is_random_and_limited(sq_run):
    qs = selectors.survey_questions(sq_run.survey)
    sq_codes = [q.code for q in qs if q.kind == "sq"]
    subsets = {tuple(logic.choose_lite_items(qs, 8, random.Random(seed))) for seed in range(20)}
    assert len(subsets) > 10
    for subset in subsets:
        assert len(subset) == 8 and set(subset) <= set(sq_codes)
        shown = logic.visible_questions(qs, {}, list(subset))
        assert {q.code for q in shown if q.kind == "sq"} == set(subset)
        assert any(q.code == "overall" for q in shown)  # other questions are always asked
    assert logic.choose_lite_items(qs, 0, random.Random(1)) == []


def test_one_question_per_page_and_sections(open_run):
    qs = selectors.survey_questions(open_run.survey)
    assert len(logic.pages(qs, {}, [], one_per_page=True)) == 10
    assert len(logic.pages(qs, {"single": "b"}, [], one_per_page=True)) == 11
    assert len(logic.pages(qs, {}, [], one_per_page=False)) == 1


def test_save_is_atomic_and_submit_requires_required_answers(open_run):
    response, code = svc.response_start(run=open_run)
    with pytest.raises(DomainError):
        svc.response_save(response=response, raw={"short": "好", "num": "abc"})
    assert not Answer.objects.exists()
    svc.response_save(response=response, raw={"single": "b"})
    with pytest.raises(DomainError) as error:
        svc.response_submit(response=response)
    assert error.value.field == "only_b"
    svc.response_save(response=response, raw={"only_b": "原因", "single": "a"})
    svc.response_submit(response=response)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert not response.answers.filter(question__code="only_b").exists()  # skipped after all: dropped
    with pytest.raises(DomainError):
        svc.response_save(response=response, raw={"short": "改"})


def test_resume_code_finds_the_response_only_while_in_progress(open_run):
    response, code = svc.response_start(run=open_run)
    assert svc.response_resume(run=open_run, code=code.lower().replace("-", " ")) == response
    with pytest.raises(DomainError):
        svc.response_resume(run=open_run, code="WRNG-CODE")
    svc.response_save(response=response, raw={"single": "a"})
    svc.response_submit(response=response)
    with pytest.raises(DomainError):
        svc.response_resume(run=open_run, code=code)


def test_closed_run_takes_no_answers(open_run, manager):
    from everyreader.surveys.services_builder import run_set_open

    run_set_open(actor=manager, run=open_run, is_open=False)
    with pytest.raises(DomainError):
        svc.response_start(run=open_run)
    assert not Response.objects.exists()


def test_paper_entry_records_mode_and_staff(open_run, make_user):
    librarian = make_user("librarian")
    response = svc.response_enter_for_reader(actor=librarian, run=open_run, mode="braille",
                                             raw={"single": "a", "only_b": "不该保存", "rate": "9"},
                                             category="senior")
    assert (response.mode, response.entered_by, response.status) == ("braille", librarian, "submitted")
    assert set(response.answers.values_list("question__code", flat=True)) == {"single", "rate"}
    assert AuditEvent.objects.filter(action="survey_response.entered").count() == 1
    for bad in ({"mode": "online", "raw": {"single": "a"}}, {"mode": "paper", "raw": {"rate": "9"}},
                {"mode": "paper", "raw": {"single": "a"}, "category": "alien"}):
        with pytest.raises(DomainError):
            svc.response_enter_for_reader(actor=librarian, run=open_run, **bad)
    assert Response.objects.count() == 1


def make_reader(card, **fields):
    return Reader.objects.create(card_number=card, family_name="王", given_name="芳", email=f"{card}@example.org",
                                 phone="13800000000", address="人民路 1 号", category=fields.pop("category", "senior"),
                                 **fields)


def test_invitations_go_once_through_the_preferred_channel(open_run, manager):
    readers = [make_reader(f"S{i}", preferred_contact=channel)
               for i, channel in enumerate(["email", "phone", "large_print_letter"])]
    result = run_invite(actor=manager, run=open_run, readers=Reader.objects.all(), audience="category:senior",
                        base_url="http://testserver/")
    assert (result.queued, result.already) == (3, 0)
    again = run_invite(actor=manager, run=open_run, readers=Reader.objects.all(), audience="category:senior",
                       base_url="http://testserver/")
    assert (again.queued, again.already) == (0, 3)
    statuses = dict(OutboundMessage.objects.values_list("channel", "status"))
    assert statuses["phone"] == "to_call" and statuses["large_print_letter"] == "to_print"
    body = OutboundMessage.objects.get(channel="email").body
    token = body.split("invite=")[1].split()[0].rstrip(",.，。")
    assert reader_from_token(open_run, token) == readers[0]
    assert reader_from_token(open_run, token + "x") is None


def test_invited_reader_is_pseudonymous_and_answers_once(open_run):
    reader = make_reader("P1")
    response, _code = svc.response_start(run=open_run, reader=reader, link_reader=True)
    assert response.reader is None  # survey does not allow linking
    assert response.pseudonym and response.category == "senior"
    again, _code = svc.response_start(run=open_run, reader=reader)
    assert again == response
    svc.response_save(response=response, raw={"single": "a"})
    svc.response_submit(response=response)
    with pytest.raises(DomainError):
        svc.response_start(run=open_run, reader=reader)
    assert Response.objects.count() == 1


# --- the pages, without JavaScript: plain GETs and form POSTs ---------------------------------------

def test_taking_flow_with_save_and_resume_code(client, open_run):
    take = reverse("surveys:take", args=[open_run.token])
    assert client.get(take).status_code == 200
    response = client.post(take, {"easy_read": "on"})
    page1 = reverse("surveys:page", args=[open_run.token, 1])
    assert response["Location"] == page1
    page = client.get(page1)
    assert "AnswerForm" not in page.content.decode() and page.status_code == 200
    code = page.context["resume_code"]
    assert code and page.context["progress"]
    # required question missing: error, nothing saved
    missing = client.post(page1, {"action": "send", "q_short": "好"})
    assert missing.status_code == 400 and b"error-summary" in missing.content
    assert not Answer.objects.exists()
    saved = client.post(page1, {"action": "save", "q_short": "好"})
    assert saved.status_code == 200 and saved.context["resume_code"]
    new_code = saved.context["resume_code"]
    # a new device: resume with the code
    client.cookies.clear()
    assert client.post(reverse("surveys:resume", args=[open_run.token]), {"code": code}).status_code == 400
    resumed = client.post(reverse("surveys:resume", args=[open_run.token]), {"code": new_code})
    assert resumed.status_code == 302
    page = client.get(resumed["Location"])
    assert page.context["form"].initial["q_short"] == "好"
    sq_data = {"q_sq1__minimum": "4", "q_sq1__desired": "8", "q_sq1__perceived": "6", "q_sq2__na": "on"}
    done = client.post(page1, {"action": "send", "q_single": "a", "q_short": "好", **sq_data})
    assert done["Location"] == reverse("surveys:done", args=[open_run.token])
    result = Response.objects.get()
    assert result.status == "submitted" and result.easy_read and result.mode == "online"
    assert result.answers.get(question__code="sq1").perceived == 6


def test_easy_read_wording_is_used(client, manager):
    from everyreader.surveys.services_builder import run_create, survey_from_template, survey_publish

    survey = survey_publish(actor=manager, survey=survey_from_template(actor=manager, key="needs"))
    run = run_create(actor=manager, survey=survey, name="需求", wave="before")
    client.post(reverse("surveys:take", args=[run.token]), {"easy_read": "on"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = client.get(reverse("surveys:page", args=[run.token, 1])).content.decode()
    assert "您常常读书吗？" in page and "您多久阅读一次" not in page


def test_kiosk_starts_fresh_anonymous_responses(client, open_run, make_user):
    client.force_login(make_user("reader"))
    kiosk = reverse("surveys:kiosk_take", args=[open_run.token])
    page = client.get(kiosk)
    assert b"utility-nav" not in page.content and b"Sign out" not in page.content
    for _i in range(2):
        location = client.post(kiosk, {})["Location"]
        done = client.post(location, {"action": "send", "q_single": "a"})
        assert done["Location"] == reverse("surveys:kiosk_done", args=[open_run.token])
    assert Response.objects.filter(mode="kiosk", status="submitted", pseudonym="").count() == 2


def test_bad_page_input_is_a_clear_error(client, open_run):
    client.post(reverse("surveys:take", args=[open_run.token]), {})
    page1 = reverse("surveys:page", args=[open_run.token, 1])
    response = client.post(page1, {"action": "send", "q_single": "a", "q_num": "999"})
    assert response.status_code == 400 and b"error-summary" in response.content
    assert client.get(reverse("surveys:take", args=["no-such-run"])).status_code == 404
    assert not Answer.objects.exists()


def test_reader_erasure_leaves_answers_fully_anonymous(open_run, manager):
    from everyreader.surveys.services_responses import erase_reader_responses

    reader = make_reader("E1")
    response, _code = svc.response_start(run=open_run, reader=reader)
    svc.response_save(response=response, raw={"single": "a"})
    svc.response_submit(response=response)
    other, _code = svc.response_start(run=open_run)
    assert erase_reader_responses(actor=manager, reader=reader) == 1
    response.refresh_from_db()
    assert response.pseudonym == "" and response.reader is None and response.answers.count() == 1
    assert Response.objects.filter(pk=other.pk).exists()
