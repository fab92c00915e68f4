import pytest

from everyreader.feedback.models import FeedbackItem, State

pytestmark = pytest.mark.django_db


def test_list_is_scoped_and_hides_submitter(client, org, submit, reader):
    item = submit(reader=reader, actor=org.handler, channel="phone", contact_email="x@example.org")
    client.force_login(org.handler)
    data = client.get("/api/v1/feedback/").json()
    assert [row["reference"] for row in data["results"]] == [item.reference]
    row = data["results"][0]
    assert row["has_reader"] is True and row["category"] == "wait" and row["department"] == "circulation"
    assert not {"contact_email", "contact_name", "contact_phone", "reader", "access_token"} & set(row)
    client.force_login(org.outsider)
    assert client.get("/api/v1/feedback/").json()["results"] == []


def test_create_and_workflow(client, org, reader):
    client.force_login(org.head)
    response = client.post("/api/v1/feedback/", {"kind": "complaint", "channel": "letter", "category": "wait",
                                                 "subject": "来信投诉", "description": "送书迟到。",
                                                 "card_number": "R100"}, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert FeedbackItem.objects.get(pk=pk).reader == reader
    url = f"/api/v1/feedback/{pk}/"
    assert client.post(url + "assign/", {"handler": "handler"}, content_type="application/json").status_code == 200
    assert client.post(url + "respond/", {"response": "已致歉"}, content_type="application/json").status_code == 200
    bad = client.post(url + "close/", {}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["message"]
    good = client.post(url + "close/", {"cause_category": "communication", "whys": ["没有通知"], "expected": "准时",
                                        "provided": "迟到"}, content_type="application/json")
    assert good.status_code == 200 and good.json()["state"] == State.CLOSED


def test_illegal_transition_and_permissions(client, org, submit, make_user):
    item = submit()
    client.force_login(org.head)
    response = client.post(f"/api/v1/feedback/{item.pk}/start/")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    client.force_login(org.other)
    assert client.post(f"/api/v1/feedback/{item.pk}/assign/", {"handler": "other"},
                       content_type="application/json").status_code == 403
    client.force_login(make_user("reader"))
    assert client.get("/api/v1/feedback/").status_code == 403
    assert client.post("/api/v1/feedback/", {}, content_type="application/json").status_code == 403
    assert FeedbackItem.objects.get(pk=item.pk).state == State.NEW


def test_bad_input(client, org):
    client.force_login(org.head)
    response = client.post("/api/v1/feedback/", {"kind": "rant", "channel": "web", "category": "nope"},
                           content_type="application/json")
    assert response.status_code == 400
    assert {"kind", "channel", "category", "subject"} <= set(response.json()["error"]["fields"])
    assert not FeedbackItem.objects.exists()
