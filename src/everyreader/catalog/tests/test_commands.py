import pytest
from django.core.management import call_command

from everyreader.catalog.models import ImportJob, Record
from everyreader.catalog.tests.marc_samples import simple_record
from everyreader.search.selectors import SearchQuery, search

pytestmark = pytest.mark.django_db


def test_import_export_and_rebuild_commands(tmp_path, capsys):
    source = tmp_path / "in.mrc"
    source.write_bytes(simple_record("C1", "边城", "沈从文") + simple_record("C2", "茶馆", "老舍") + b"00x")
    call_command("import_marc", str(source), "--no-progress")
    out = capsys.readouterr().out
    assert "2 added" in out and "1 skipped" in out
    assert Record.objects.count() == 2
    assert ImportJob.objects.get().status == ImportJob.Status.DONE

    # running it again on the same file starts a new job and updates nothing
    call_command("import_marc", str(source), "--no-progress")
    assert "2 unchanged" in capsys.readouterr().out
    assert Record.objects.count() == 2

    target = tmp_path / "out.xml"
    call_command("export_marc", str(target), "--xml")
    assert target.read_bytes().count(b"<record") == 2

    from everyreader.search import services as search_services

    search_services.clear("record")
    assert search(SearchQuery(text="边城")).total == 0
    call_command("rebuild_search_index", "--no-progress")
    assert search(SearchQuery(text="边城")).total == 1


def test_import_command_resumes_an_unfinished_job(tmp_path, capsys):
    source = tmp_path / "in.mrc"
    source.write_bytes(b"".join(simple_record(f"R{i}", f"书{i}", "作者") for i in range(5)))
    ImportJob.objects.create(path=str(source.resolve()), filename="in.mrc", status=ImportJob.Status.FAILED,
                             position=3, total=5)
    call_command("import_marc", str(source), "--no-progress")
    assert "Resuming" in capsys.readouterr().out
    assert sorted(Record.objects.values_list("control_number", flat=True)) == ["R3", "R4"]


def test_record_page_query_count(client, django_assert_max_num_queries):
    from everyreader.catalog.tests.factories import ItemFactory, RecordFactory

    record = RecordFactory(work_key="k")
    RecordFactory.create_batch(3, work_key="k")
    ItemFactory.create_batch(4, record=record)
    with django_assert_max_num_queries(8):
        assert client.get(f"/catalog/records/{record.pk}/").status_code == 200
