import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from everyreader.catalog import indexing, services
from everyreader.catalog.models import ImportJob, Record
from everyreader.catalog.tests.factories import ItemFactory, RecordFactory
from everyreader.catalog.tests.marc_samples import simple_record
from everyreader.catalog.vocab import ItemStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    records = []
    for i in range(25):
        fmt = "braille" if i % 5 == 0 else "print"
        records.append(RecordFactory(title=f"城南旧事 第{i}册", format=fmt, year=1990 + i,
                                     accessibility_features=["braille"] if fmt == "braille" else []))
    ItemFactory(record=records[0], status=ItemStatus.AVAILABLE)
    ItemFactory(record=records[1], status=ItemStatus.ON_LOAN)
    other = RecordFactory(title="Black Beauty", language="eng", contributors=["Sewell, Anna"],
                          responsibility="Anna Sewell")
    records.append(other)
    indexing.index_records(records)
    return records


def status_count(html):
    return int(re.search(r'role="status"[^>]*>\D*(\d+)', html).group(1))


def facet(html, name):
    return re.findall(rf'name="{name}" value="([^"]+)"[^>]*>\s*<label[^>]*>[^<]*<span class="count">\((\d+)\)', html)


def test_search_page_announces_count_headings_facets_and_pagination(client, library):
    response = client.get("/catalog/", {"q": "城南旧事"})
    html = response.content.decode()
    assert response.status_code == 200
    assert status_count(html) == 25
    assert html.count("<h3>") == 20
    assert dict(facet(html, "format")) == {"print": "20", "braille": "5"}
    assert '<fieldset class="fieldset"' in html and "<legend>" in html
    assert 'rel="next"' in html
    page2 = client.get("/catalog/", {"q": "城南旧事", "page": 2}).content.decode()
    assert page2.count("<h3>") == 5


def test_search_page_says_about_when_counts_are_estimates(client, library, monkeypatch, settings):
    from everyreader.search import query_text
    from everyreader.search.backends.base import Backend

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/catalog/", {"q": "城南旧事"}).content.decode()
    assert "About" not in html and "numbers beside the filters are estimates" not in html

    def exact(self, cursor, groups, clauses=()):
        cursor.execute(*self.floor_sql(groups, list(clauses)))
        return cursor.fetchone()[0]

    for backend in Backend.__subclasses__():
        monkeypatch.setattr(backend, "count_matches", exact)
    monkeypatch.setattr(query_text, "BROAD_MATCHES", 10)
    monkeypatch.setattr(query_text, "SAMPLE", 5)  # 5 of the 25 matches, each counted 5 times
    html = client.get("/catalog/", {"q": "城南旧事"}).content.decode()
    assert re.search(r'role="status"[^>]*>\s*About 25 results', html)
    assert "numbers beside the filters are estimates" in html
    assert sum(int(n) for _v, n in facet(html, "format")) == 25
    assert html.count("<h3>") == 20


def test_facet_filters_combine_and_keep_other_counts(client, library):
    html = client.get("/catalog/", {"q": "城南旧事", "format": "braille"}).content.decode()
    assert status_count(html) == 5
    assert dict(facet(html, "format")) == {"print": "20", "braille": "5"}
    assert 'value="braille" id="f-format-1" checked' in html or re.search(r'value="braille"[^>]*checked', html)
    html = client.get("/catalog/", {"q": "城南旧事", "format": "braille", "available_at": "central"}).content.decode()
    assert status_count(html) == 1


def test_year_range_filter_and_bad_parameters_do_not_break(client, library):
    html = client.get("/catalog/", {"q": "城南旧事", "year": "2010-"}).content.decode()
    assert status_count(html) == 5
    response = client.get("/catalog/", {"q": "x" * 500, "page": "abc", "format": "<script>", "year": "zz"})
    assert response.status_code == 200


def test_zero_results_offer_a_suggestion_or_advice(client, library):
    html = client.get("/catalog/", {"q": "Blak Beuty"}).content.decode()
    assert status_count(html) == 0
    assert 'class="result-list"' not in html


def test_record_page_has_json_ld_availability_and_other_formats(client):
    print_ed = RecordFactory(title="茶馆", work_key="茶馆|老舍", isbn="9787020000001",
                             accessibility_features=[])
    braille = RecordFactory(title="茶馆", work_key="茶馆|老舍", format="braille", braille_grade=2,
                            access_modes=["tactile"], accessibility_features=["braille"],
                            accessibility_summary="二级盲文")
    ItemFactory(record=braille)
    response = client.get(reverse("catalog:record", args=[braille.pk]))
    html = response.content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Book"
    assert data["accessibilityFeature"] == ["braille"] and data["accessMode"] == ["tactile"]
    assert data["accessibilitySummary"] == "二级盲文"
    assert reverse("catalog:record", args=[print_ed.pk]) in html
    assert "总馆" in html
    assert client.get(reverse("catalog:record", args=[999999])).status_code == 404


def test_json_ld_cannot_break_out_of_the_script():
    from everyreader.catalog.views import _json_ld

    assert "</script>" not in _json_ld({"name": "</script><script>alert(1)</script>"})


def test_atom_feed_lists_new_accessible_titles(client):
    RecordFactory(title="盲文版", format="braille")
    RecordFactory(title="普通版", format="print")
    response = client.get(reverse("catalog:feed_accessible"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "盲文版" in body and "普通版" not in body


def test_staff_list_query_count(client_as, django_assert_max_num_queries):
    RecordFactory.create_batch(30)
    client = client_as("librarian")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("catalogue:record_list")).status_code == 200


def test_search_page_query_count(client, library, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/catalog/", {"q": "城南旧事"})


def test_staff_creates_and_edits_a_record(client_as):
    client = client_as("department_head")
    data = {"title": "平凡的世界", "responsibility": "路遥著", "contributors": "路遥", "format": "braille",
            "braille_grade": "2", "access_modes": ["tactile"], "access_mode_sufficient": "tactile",
            "accessibility_features": ["braille"], "language": "chi"}
    response = client.post(reverse("catalogue:record_create"), data)
    record = Record.objects.get()
    assert response.status_code == 302
    assert record.access_mode_sufficient == [["tactile"]] and record.braille_grade == 2
    data["title"] = "平凡的世界（盲文版）"
    client.post(reverse("catalogue:record_update", args=[record.pk]), data)
    record.refresh_from_db()
    assert record.title == "平凡的世界（盲文版）"


def test_record_form_errors_are_shown_and_nothing_saved(client_as):
    client = client_as("department_head")
    response = client.post(reverse("catalogue:record_create"),
                           {"title": "", "format": "braille", "access_mode_sufficient": "smell"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert Record.objects.count() == 0


def test_batch_edit_flow(client_as):
    records = RecordFactory.create_batch(3)
    client = client_as("department_head")
    ids = [r.pk for r in records[:2]]
    page = client.get(reverse("catalogue:batch_edit"), {"records": ids})
    assert page.status_code == 200
    response = client.post(reverse("catalogue:batch_edit"), {"records": ids, "format": "large_print",
                                                            "add_features": ["largePrint"]})
    assert response.status_code == 302
    assert set(Record.objects.filter(format="large_print").values_list("pk", flat=True)) == set(ids)
    assert client.get(reverse("catalogue:batch_edit")).status_code == 302


def test_export_selected_and_all(client_as):
    records = RecordFactory.create_batch(2)
    client = client_as("librarian")
    response = client.get(reverse("catalogue:export"), {"records": [records[0].pk], "kind": "marc"})
    data = b"".join(response.streaming_content)
    assert data.count(b"\x1d") == 1
    response = client.get(reverse("catalogue:export"), {"all": "1", "kind": "xml"})
    xml = b"".join(response.streaming_content)
    assert xml.count(b"<record") == 2 and b"MARC21/slim" in xml


def test_upload_runs_the_import_and_shows_progress(client_as, django_capture_on_commit_callbacks, settings,
                                                   tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_as("department_head")
    upload = SimpleUploadedFile("books.mrc", simple_record("U1", "家", "巴金") + b"00a12broken\x1d")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("catalogue:import_list"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("catalogue:import_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.error_count) == (1, 1)
    html = client.get(response["Location"]).content.decode()
    assert "<progress" in html and 'role="status"' in html
    assert 'http-equiv="refresh"' not in html


def test_upload_of_a_non_marc_file_is_refused(client_as):
    client = client_as("department_head")
    response = client.post(reverse("catalogue:import_list"),
                           {"file": SimpleUploadedFile("notes.txt", b"hello world")})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_running_import_page_refreshes_itself(client_as):
    job = ImportJob.objects.create(filename="x.mrc", path="/x", status=ImportJob.Status.RUNNING, total=10,
                                   position=4)
    html = client_as("department_head").get(reverse("catalogue:import_detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in html and "40%" in html


def test_item_forms(client_as):
    from everyreader.accounts.tests.factories import BranchFactory

    branch = BranchFactory(code="east", name="东城分馆")
    record = services.record_create(actor=None, title="家")
    client = client_as("librarian")
    response = client.post(reverse("catalogue:item_create", args=[record.pk]),
                           {"barcode": "X1", "branch": branch.pk, "format": "print", "status": "available"})
    assert response.status_code == 302
    item = record.items.get()
    response = client.post(reverse("catalogue:item_update", args=[item.pk]),
                           {"barcode": "X1", "branch": branch.pk, "format": "print", "status": "missing"})
    item.refresh_from_db()
    assert item.status == "missing"


def test_stalled_import_can_be_resumed(client_as, django_capture_on_commit_callbacks, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    path = tmp_path / "a.mrc"
    path.write_bytes(simple_record("S1", "家", "巴金") + simple_record("S2", "春", "巴金"))
    job = ImportJob.objects.create(filename="a.mrc", path=str(path), status=ImportJob.Status.RUNNING)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    client = client_as("department_head")
    page = client.get(reverse("catalogue:import_detail", args=[job.pk])).content.decode()
    assert reverse("catalogue:import_resume", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("catalogue:import_resume", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Record.objects.count() == 2


def test_item_form_refuses_circulation_statuses_with_a_clear_error(client_as):
    from everyreader.accounts.tests.factories import BranchFactory

    branch = BranchFactory(code="east", name="东城分馆")
    record = services.record_create(actor=None, title="春")
    item = services.item_create(actor=None, record=record, barcode="X2", branch=branch)
    client = client_as("librarian")
    response = client.post(reverse("catalogue:item_update", args=[item.pk]),
                           {"barcode": "X2", "branch": branch.pk, "format": "print", "status": "on_loan"})
    assert response.status_code == 200
    assert "只有流通台能借出文献" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "available"
