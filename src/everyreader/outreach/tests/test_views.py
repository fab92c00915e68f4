import datetime as dt

import pytest
from django.urls import reverse

from everyreader.outreach.models import DeliveryProfile, RosterMember, Visit, VisitStatus

pytestmark = pytest.mark.django_db

VIEW_PAGES = ["home", "profile_list", "profile_detail", "visit_list", "visit_detail", "route_sheet",
              "route_sheet_pdf", "roster_list", "member_detail", "postal_list", "postal_labels"]
OPERATE_PAGES = ["profile_create", "profile_update", "profile_pause", "visit_schedule", "visit_record",
                 "postal_dispatch", "postal_return"]
MANAGE_PAGES = ["member_create", "member_update", "member_availability"]
EXPECTED = {  # role -> which groups of pages answer 200
    "reader": set(), "administrator": set(),
    "programme_manager": {"view"},
    "librarian": {"view", "operate"},
    "department_head": {"view", "operate", "manage"},
}


def _url(name, world):
    args = {"profile_detail": [world["profile"].pk], "profile_update": [world["profile"].pk],
            "profile_pause": [world["profile"].pk], "visit_detail": [world["visit"].pk],
            "visit_record": [world["visit"].pk], "member_detail": [world["member"].pk],
            "member_update": [world["member"].pk], "member_availability": [world["member"].pk],
            "postal_return": [world["postal"].pk]}.get(name, [])
    return reverse(f"outreach:{name}", args=args)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_permission_matrix(client_as, world, role):
    client = client_as(role)
    for group, names in (("view", VIEW_PAGES), ("operate", OPERATE_PAGES), ("manage", MANAGE_PAGES)):
        for name in names:
            status = client.get(_url(name, world)).status_code
            assert status == (200 if group in EXPECTED[role] else 403), (role, name, status)


def test_anonymous_is_sent_to_sign_in(client, world):
    for name in VIEW_PAGES + OPERATE_PAGES + MANAGE_PAGES:
        response = client.get(_url(name, world))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    assert client.get(reverse("delivery:me")).status_code == 302


def test_post_only_views_refuse_without_permission(client_as, world):
    client = client_as("programme_manager")
    visit, profile, postal = world["visit"], world["profile"], world["postal"]
    assert client.post(reverse("outreach:visit_assign", args=[visit.pk]), {"deliverer": ""}).status_code == 403
    assert client.post(reverse("outreach:profile_resume", args=[profile.pk])).status_code == 403
    assert client.post(reverse("outreach:postal_tracking", args=[postal.pk]),
                       {f"t{postal.pk}-tracking_number": "X"}).status_code == 403
    assert client.post(reverse("outreach:visit_detail", args=[visit.pk]), {"items": []}).status_code == 403
    visit.refresh_from_db(); postal.refresh_from_db()
    assert visit.deliverer == world["member"] and postal.tracking_number == "" and visit.items.count() == 1


def test_list_pages_query_counts(client_as, world, django_assert_max_num_queries):
    from everyreader.outreach import services
    from everyreader.outreach.tests.factories import make_profile, qualified_member
    for _ in range(6):  # more rows must not mean more queries
        profile = make_profile(actor=world["head"])
        services.visit_schedule(actor=world["head"], profile=profile, date=world["visit"].date,
                                deliverer=world["member"])
        qualified_member()
    client = client_as("department_head")
    for name in ("home", "profile_list", "visit_list", "roster_list", "postal_list", "route_sheet"):
        url = _url(name, world) + (f"?date={world['visit'].date.isoformat()}" if name == "route_sheet" else "")
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_profile_create_page_bad_input_shows_errors(client_as, world):
    client = client_as("librarian")
    response = client.post(reverse("outreach:profile_create"), {"card_number": "NOPE", "frequency": "weekly"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert DeliveryProfile.objects.count() == 1


def test_profile_create_page_without_consent_refused(client_as, world):
    from everyreader.readers.tests.factories import ReaderFactory
    reader = ReaderFactory()
    client = client_as("librarian")
    data = {"card_number": reader.card_number, "consent_channel": "", "branch": world["profile"].branch_id,
            "frequency": "weekly", "weekday": 2, "window_start": "09:00", "window_end": "11:00",
            "address": "北京市西城区", "items_per_visit": 2, "start_on": "2026-11-23", "formats": ["large_print"]}
    response = client.post(reverse("outreach:profile_create"), data)
    assert response.status_code == 200 and not DeliveryProfile.objects.filter(reader=reader).exists()
    data["consent_channel"] = "phone"
    response = client.post(reverse("outreach:profile_create"), data)
    assert response.status_code == 302 and DeliveryProfile.objects.filter(reader=reader).exists()


def test_choose_items_and_record_through_pages(client_as, world):
    client = client_as("librarian")
    visit, item = world["visit"], world["item"]
    response = client.post(reverse("outreach:visit_detail", args=[visit.pk]), {"barcodes": "NO-SUCH"})
    assert response.status_code == 200 and "NO-SUCH" in response.content.decode()
    assert list(visit.items.values_list("item_id", flat=True)) == [item.pk]
    response = client.post(reverse("outreach:visit_record", args=[visit.pk]), {"outcome": "delivered",
                                                                               "handed_over": [str(item.pk)]})
    assert response.status_code == 200  # the visit is in the future: only cancelling is allowed
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    response = client.post(reverse("outreach:visit_record", args=[visit.pk]), {"outcome": "cancelled"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED and not visit.items.filter(done=True).exists()


def test_route_sheet_pdf_and_labels(client_as, world):
    client = client_as("librarian")
    day = world["visit"].date.isoformat()
    response = client.get(reverse("outreach:route_sheet_pdf") + f"?date={day}")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    page = client.get(reverse("outreach:route_sheet") + f"?date={day}").content.decode()
    assert "和平里" in page and "史记故事" in page
    response = client.get(reverse("outreach:postal_labels") + "?date=2026-11-22")
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("outreach:route_sheet") + "?date=not-a-date").status_code == 200


def test_roster_pages(client_as, world):
    client = client_as("department_head")
    response = client.post(reverse("outreach:member_create"), {
        "kind": "volunteer", "name": "新志愿者", "phone": "13900001111", "vetting_status": "cleared",
        "notify_by": "sms", "skills": ["escort"], "is_active": "on"})
    assert response.status_code == 200  # cleared without a date
    assert not RosterMember.objects.filter(name="新志愿者").exists()
    member = world["member"]
    response = client.post(reverse("outreach:member_detail", args=[member.pk]), {
        "course": "急救", "skill": "escort", "completed_on": "2026-05-01", "expires_on": "2026-01-01"})
    assert response.status_code == 200 and member.training.count() == 1
    response = client.post(reverse("outreach:member_availability", args=[member.pk]),
                           {"d0_start": "09:00", "d0_end": "12:00", "d3_start": "14:00"})
    assert response.status_code == 200 and member.availability.count() == 2
    response = client.post(reverse("outreach:member_availability", args=[member.pk]),
                           {"d0_start": "09:00", "d0_end": "12:00"})
    assert response.status_code == 302 and member.availability.count() == 1


def test_postal_pages(client_as, world):
    client = client_as("librarian")
    postal = world["postal"]
    assert postal.free_postage  # braille posts free by the seeded policy
    client.post(reverse("outreach:postal_tracking", args=[postal.pk]), {f"t{postal.pk}-tracking_number": "EMS123"})
    postal.refresh_from_db()
    assert postal.tracking_number == "EMS123"
    response = client.post(reverse("outreach:postal_return", args=[postal.pk]), {"returned_on": "2020-01-01"})
    assert response.status_code == 200
    response = client.post(reverse("outreach:postal_return", args=[postal.pk]), {"returned_on": "2026-11-22"})
    assert response.status_code == 302
    postal.refresh_from_db()
    assert postal.status == "returned"
    response = client.post(reverse("outreach:postal_dispatch"), {"card_number": "X", "barcode": "Y",
                                                                 "branch": postal.branch_id})
    assert response.status_code == 200


def test_reader_me_page(client, make_user, world):
    from everyreader.readers.tests.factories import ReaderFactory
    other = make_user("reader")
    ReaderFactory(user=other)
    client.force_login(other)
    response = client.get(reverse("delivery:me"))
    assert response.status_code == 200 and response.context["profile"] is None
    assert 'name="action"' not in response.content.decode()  # no forms without a delivery profile
    user = make_user("reader")
    profile = world["profile"]
    profile.reader.user = user
    profile.reader.save()
    client.force_login(user)
    assert client.get(reverse("delivery:me")).status_code == 200
    response = client.post(reverse("delivery:me"), {"action": "schedule", "schedule-weekday": "4",
                                                    "schedule-window_start": "14:00", "schedule-window_end": "13:00"})
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.weekday == 1
    response = client.post(reverse("delivery:me"), {"action": "schedule", "schedule-weekday": "4",
                                                    "schedule-window_start": "14:00", "schedule-window_end": "16:00"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.weekday == 4
    client.post(reverse("delivery:me"), {"action": "pause", "pause-until": ""})
    profile.refresh_from_db()
    assert profile.status == "paused"
    assert Visit.objects.get(pk=world["visit"].pk).status == VisitStatus.CANCELLED
    client.post(reverse("delivery:me"), {"action": "resume"})
    profile.refresh_from_db()
    assert profile.status == "active"
    assert client.post(reverse("delivery:me"), {"action": "bogus"}).status_code == 302


def test_reader_cannot_rate_someone_elses_visit(client, make_user, world):
    from everyreader.readers.tests.factories import ReaderFactory
    user = make_user("reader")
    own = ReaderFactory(user=user)
    from everyreader.outreach.tests.factories import make_profile
    make_profile(actor=world["head"], reader=own)
    visit = world["visit"]
    Visit.objects.filter(pk=visit.pk).update(status=VisitStatus.DELIVERED, date=dt.date(2026, 11, 20))
    client.force_login(user)
    response = client.post(reverse("delivery:me"), {"action": "feedback", "visit": visit.pk,
                                                    "feedback-rating": "1"})
    assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.rating is None


def test_attention_items_and_periodic_jobs(make_user, world):
    from everyreader.core import periodic
    from everyreader.outreach.attention import attention_items
    Visit.objects.filter(pk=world["visit"].pk).update(deliverer=None)
    items = attention_items(make_user("librarian"))
    assert [i.count for i in items] == [1]
    assert attention_items(make_user("reader")) == []
    names = {job.name for job in periodic.jobs()}
    assert {"outreach.generate_visits", "outreach.send_routes"} <= names


def test_staff_navigation_and_reader_section(client_as, world):
    page = client_as("librarian").get(reverse("staff:home")).content.decode()
    for name in ("home", "profile_list", "roster_list", "postal_list"):
        assert reverse(f"outreach:{name}") in page
    page = client_as("administrator").get(reverse("staff:home")).content.decode()
    assert reverse("outreach:home") not in page
    from everyreader.core.workspace import reader_sections
    assert "delivery" in {s.key for s in reader_sections()}
