"""Staff pages: queues (overdue first, query counts), entry, detail, workflow forms, analysis export."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from everyreader.core.models import AuditEvent
from everyreader.feedback import services
from everyreader.feedback.models import FeedbackItem, RootCause, State
from everyreader.feedback.tests.conftest import ROOT_CAUSE

pytestmark = pytest.mark.django_db


def test_queue_lists_overdue_first_with_bounded_queries(client, org, submit, django_assert_max_num_queries):
    items = [submit(subject=f"事项{n}") for n in range(12)]
    late = items[5]
    FeedbackItem.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    client.force_login(org.head)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("feedback_staff:queue"))
    page = list(response.context["page_obj"])
    assert page[0].pk == late.pk and len(page) == 12
    with django_assert_max_num_queries(14):
        client.get(reverse("feedback_staff:queue"), {"state": "any", "kind": "complaint", "overdue": "on"})


def test_queue_scopes(client, org, submit):
    first, second = submit(subject="甲"), submit(subject="乙")
    services.item_assign(actor=org.head, item=first, handler=org.handler)
    client.force_login(org.handler)
    mine = client.get(reverse("feedback_staff:queue"), {"scope": "mine"}).context["page_obj"]
    assert [i.pk for i in mine] == [first.pk]
    team = client.get(reverse("feedback_staff:queue"), {"scope": "department"}).context["page_obj"]
    assert {i.pk for i in team} == {first.pk, second.pk}
    client.force_login(org.outsider)
    assert list(client.get(reverse("feedback_staff:queue"), {"scope": "all"}).context["page_obj"]) == []


def test_staff_entry_on_readers_behalf(client, org, reader):
    client.force_login(org.handler)
    data = {"channel": "phone", "received_on": timezone.localdate().isoformat(), "kind": "question",
            "severity": "medium", "category": org.category.pk, "branch": org.branch.pk, "card_number": "R100",
            "subject": "能否电话续借", "description": "读者来电询问。"}
    response = client.post(reverse("feedback_staff:entry"), data)
    item = FeedbackItem.objects.get()
    assert response.url == reverse("feedback_staff:detail", args=[item.pk])
    assert item.channel == "phone" and item.reader == reader and item.entered_by == org.handler


def test_staff_entry_refuses_unknown_card_and_future_date(client, org):
    client.force_login(org.handler)
    data = {"channel": "letter", "received_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "kind": "complaint", "severity": "medium", "category": org.category.pk, "card_number": "NOPE",
            "subject": "x", "description": "y"}
    response = client.post(reverse("feedback_staff:entry"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"card_number", "received_on"}
    assert not FeedbackItem.objects.exists()


def test_workflow_through_the_pages(client, org, submit):
    item = submit()
    client.force_login(org.head)
    assert client.post(reverse("feedback_staff:assign", args=[item.pk]), {"handler": org.handler.pk}).status_code == 302
    client.force_login(org.handler)
    client.post(reverse("feedback_staff:start", args=[item.pk]))
    client.post(reverse("feedback_staff:respond", args=[item.pk]), {"response": "已处理"})
    response = client.post(reverse("feedback_staff:close", args=[item.pk]), {"cause_category": "process"})
    assert response.status_code == 200 and "why_1" in response.context["form"].errors
    data = {"cause_category": "process", "why_1": "窗口少", "why_2": "排班问题", "expected": "快", "provided": "慢",
            "action_description": "增加窗口"}
    assert client.post(reverse("feedback_staff:close", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.state == State.CLOSED and item.root_cause.whys == ["窗口少", "排班问题"]
    assert item.root_cause.action.description == "增加窗口"


def test_illegal_transition_is_a_clear_message(client, org, submit):
    item = submit()
    client.force_login(org.head)
    response = client.post(reverse("feedback_staff:start", args=[item.pk]), follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert FeedbackItem.objects.get(pk=item.pk).state == State.NEW


def test_submitter_page_audited_and_hidden_from_others(client, org, submit, reader):
    item = submit(reader=reader, actor=org.handler, channel="visit")
    client.force_login(org.other)
    assert client.get(reverse("feedback_staff:detail", args=[item.pk])).status_code == 200
    assert "lin@example.org" not in client.get(reverse("feedback_staff:detail", args=[item.pk])).content.decode()
    assert client.get(reverse("feedback_staff:submitter", args=[item.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="feedback.submitter_viewed").exists()
    client.force_login(org.head)
    html = client.get(reverse("feedback_staff:submitter", args=[item.pk])).content.decode()
    assert "lin@example.org" in html
    assert AuditEvent.objects.filter(action="feedback.submitter_viewed", actor=org.head).count() == 1


def test_analysis_page_and_exports(client, org, submit):
    item = submit()
    item = services.item_assign(actor=org.head, item=item, handler=org.handler)
    services.item_respond(actor=org.handler, item=item, response="好")
    services.item_close(actor=org.handler, item=item, root_cause=ROOT_CAUSE)
    client.force_login(org.head)
    html = client.get(reverse("feedback_staff:analysis")).content.decode()
    assert "<svg" in html and "pareto-table" in html and "<h1" in html
    today = timezone.localdate().isoformat()
    csv = client.get(reverse("feedback_staff:export", args=["csv"]), {"start": "2020-01-01", "end": today})
    assert csv["Content-Type"].startswith("text/csv")
    assert "等候时间" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("feedback_staff:export", args=["xlsx"]), {"start": "2020-01-01", "end": today})
    import io

    book = load_workbook(io.BytesIO(xlsx.content))
    assert {"indicators", "kind", "pareto"} <= set(book.sheetnames)
    assert book["pareto"]["B3"].value == 1
    assert AuditEvent.objects.filter(action="feedback.analysis_exported").count() == 2
    assert RootCause.objects.count() == 1


def test_analysis_bad_period_shows_error(client, org):
    client.force_login(org.head)
    response = client.get(reverse("feedback_staff:analysis"), {"start": "2026-12-01", "end": "2026-01-01"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert response.context["start"] < response.context["end"]


def test_attention_items(org, submit):
    from everyreader.feedback.selectors import attention_items

    item = submit()
    assert [a.count for a in attention_items(org.head)] == [1]
    item = services.item_assign(actor=org.head, item=item, handler=org.handler)
    FeedbackItem.objects.filter(pk=item.pk).update(due_date=date(2020, 1, 1))
    labels = attention_items(org.handler)
    assert len(labels) == 1 and labels[0].severity == "urgent"


def test_attachment_download_is_guarded_and_audited(client, org, submit, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("信.pdf", b"%PDF-1.4 test")
    item = submit(files=[pdf])
    attachment = item.attachments.get()
    url = reverse("feedback_staff:attachment", args=[item.pk, attachment.pk])
    client.force_login(org.outsider)
    assert client.get(url).status_code == 403
    client.force_login(org.handler)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="feedback.attachment_downloaded", actor=org.handler).count() == 1


@pytest.mark.parametrize("language,label", [("en", "Send the response"), ("zh-hans", "发送答复")])
def test_page_labels_follow_the_reader_language(client, org, submit, settings, language, label):
    item = services.item_assign(actor=org.head, item=submit(), handler=org.handler)
    client.force_login(org.handler)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("feedback_staff:respond", args=[item.pk])).content.decode()
    assert f">{label}</button>" in html


def test_actions_and_settings_lists_have_bounded_queries(client, org, submit, django_assert_max_num_queries):
    from everyreader.feedback.models import ImprovementAction

    for n in range(8):
        item = services.item_assign(actor=org.head, item=submit(), handler=org.handler)
        services.item_respond(actor=org.handler, item=item, response="好")
        services.item_close(actor=org.handler, item=item,
                            root_cause={**ROOT_CAUSE, "action_description": f"措施{n}", "action_owner": org.head})
    assert ImprovementAction.objects.count() == 8
    client.force_login(org.manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("feedback_staff:actions")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("feedback_staff:settings")).status_code == 200
