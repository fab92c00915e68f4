"""The import with worker processes (pipeline.with_workers) keeps every semantics of the
in-process import; and the later copy of a record in one file wins."""

import io

import pytest
from django.test import override_settings

from everyreader.catalog.marc import pipeline
from everyreader.catalog.marc.importer import Importer, run_job
from everyreader.catalog.models import ImportJob, ImportProblem, Record
from everyreader.catalog.tests.marc_samples import data_field, iso2709, simple_record
from everyreader.catalog.tests.test_marc_import import _marc8_code
from everyreader.search.models import IndexedDocument
from everyreader.search.selectors import SearchQuery, search

WORKERS = [1, 2]


def run(data: bytes, workers: int, **kwargs):
    return Importer(workers=workers, chunk_size=3, **kwargs).run(io.BytesIO(data))


def find(text, **filters):
    return {h.object_id for h in search(SearchQuery(text=text, filters=filters)).hits}


def mixed_file() -> bytes:
    original = [("001", b"LC1"), ("003", b"DLC"), ("008", b"820101s1982    cc            000 1 chi d"),
                ("100", data_field("1 ", ("6", "880-02"), ("a", "Cao, Xueqin"))),
                ("245", data_field("10", ("6", "880-01"), ("a", "Hong lou meng /"))),
                ("880", data_field("10", ("6", "245-01/$1"), ("a", "红楼梦 /"), ("c", "曹雪芹著"))),
                ("880", data_field("1 ", ("6", "100-02/$1"), ("a", "曹雪芹")))]
    chinese = b"\x1b$1" + _marc8_code("中") + _marc8_code("文") + b"\x1b(B"
    marc8 = [("001", b"M8"), ("008", b"200101s2014    cc            000 1 chi d"),
             ("245", b"10\x1faCaf\xe2e /\x1fcN. Author."), ("880", b"10\x1f6245-01/$1\x1fa" + chinese)]
    records = [simple_record(f"W{i}", f"盲文 读本 {i}", f"作者{i % 3}", isbn=f"97875063654{i:02d}")
               for i in range(8)]
    bad_utf8 = simple_record("U1", "春", "巴金").replace("春".encode(), b"\xff\xfe\xfd")
    no_title = iso2709([("001", b"NT1"), ("100", data_field("1 ", ("a", "无名")))])
    return (b"".join(records[:4]) + iso2709(original) + bad_utf8 + iso2709(marc8, utf8=False)
            + no_title + b"".join(records[4:]))


def snapshot():
    records = sorted(Record.objects.values_list(
        "control_number", "title", "title_original", "responsibility", "contributors", "isbn",
        "original_script", "marc", "work_key"))
    queries = ["红楼梦", "紅樓夢", "曹雪芹", "中文", "cafe", "盲文", "mangwen", "mw", "作者1", "Hong lou"]
    answers = [sorted(Record.objects.filter(pk__in=find(q)).values_list("control_number", flat=True))
               for q in queries]
    return records, answers


@pytest.mark.django_db
def test_workers_give_the_same_records_index_and_problems_as_the_in_process_import():
    data = mixed_file()
    results = []
    for workers in WORKERS:
        job = ImportJob.objects.create(filename="mixed.mrc", path="/nonexistent")
        totals = Importer(job=job, workers=workers, chunk_size=3, batch_size=4).run(io.BytesIO(data))
        problems = list(ImportProblem.objects.filter(job=job).order_by("position").values_list(
            "position", "control_number"))
        results.append((totals.created, totals.skipped, problems, snapshot(),
                         IndexedDocument.objects.count()))
        Record.objects.all().delete()
        from everyreader.search import services as search_services

        search_services.clear("record")
    in_process, with_workers = results
    assert in_process == with_workers
    created, skipped, problems, (records, answers), documents = with_workers
    assert (created, skipped, documents) == (10, 2, 10)
    assert problems == [(6, "U1"), (8, "NT1")]
    assert answers[0] == answers[1] == answers[2] == ["LC1"]
    assert answers[3] == answers[4] == ["M8"]
    assert len(answers[5]) == len(answers[6]) == len(answers[7]) == 8


@pytest.mark.django_db
@pytest.mark.parametrize("workers", WORKERS)
def test_reimport_with_workers_is_idempotent_and_matches_on_isbn(workers):
    data = mixed_file()
    run(data, workers)
    again = run(data, workers)
    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 10, 2)
    run(simple_record("", "盲文 读本 3", "作者0", isbn="978-7-5063-6540-3"), workers)
    assert Record.objects.count() == 10


@pytest.mark.django_db
@pytest.mark.parametrize("workers", WORKERS)
@pytest.mark.parametrize("batch_size", [2, 10])
def test_the_later_copy_in_one_file_wins_even_when_it_equals_the_stored_record(workers, batch_size):
    run(simple_record("D1", "边城", "沈从文"), workers)
    changed, same = simple_record("D1", "边城（修订版）", "沈从文"), simple_record("D1", "边城", "沈从文")
    totals = run(changed + same, workers, batch_size=batch_size)
    record = Record.objects.get()
    assert record.title == "边城"
    assert find("修订版") == set() and find("边城") == {record.pk}
    assert totals.processed == 2 and totals.created == 0
    # and the other way round: the changed copy comes last, so it is stored
    run(same + changed, workers, batch_size=batch_size)
    assert Record.objects.get().title == "边城（修订版）"
    assert find("修订版") == {record.pk}


@pytest.mark.django_db
def test_the_later_copy_wins_when_it_matches_on_isbn():
    run(simple_record("I1", "活着", "余华", isbn="9787506365437"), 1)
    changed = simple_record("", "活着（新版）", "余华", isbn="9787506365437")
    stored = Record.objects.get().marc.encode()
    totals = run(changed + stored, 1, batch_size=10)
    assert Record.objects.get().title == "活着"
    assert (totals.updated, totals.unchanged) == (0, 2)


@pytest.mark.django_db
def test_interrupted_import_with_workers_resumes_after_the_last_committed_batch(tmp_path):
    path = tmp_path / "file.mrc"
    path.write_bytes(b"".join(simple_record(f"C{i}", f"书{i}", "作者") for i in range(25)))
    job = ImportJob.objects.create(filename="file.mrc", path=str(path))
    calls = {"n": 0}

    def progress(n):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_job(job, progress=progress, batch_size=10, workers=2)
    job.refresh_from_db()
    assert job.position == 10 and Record.objects.count() == 10
    run_job(job, batch_size=10, workers=2)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.position, job.created_count, Record.objects.count()) == (25, 25, 25)
    assert find("书7") == {Record.objects.get(control_number="C7").pk}


def test_default_workers_follow_the_setting_and_the_cpus(monkeypatch):
    monkeypatch.setattr(pipeline, "available_cpus", lambda: 2)
    with override_settings(CATALOG_IMPORT_WORKERS=None):
        assert pipeline.default_workers() == 2
    monkeypatch.setattr(pipeline, "available_cpus", lambda: 1)
    with override_settings(CATALOG_IMPORT_WORKERS=None):
        assert pipeline.default_workers() == 1
    with override_settings(CATALOG_IMPORT_WORKERS=3):
        assert pipeline.default_workers() == 3


@pytest.mark.django_db
def test_run_job_uses_workers_for_a_large_file_and_not_for_a_small_one(tmp_path, monkeypatch):
    used = []
    original = pipeline.with_workers

    def spy(items, encoding, workers, chunk_size=pipeline.CHUNK_SIZE):
        used.append(workers)
        return original(items, encoding, workers, chunk_size)

    monkeypatch.setattr(pipeline, "with_workers", spy)
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 4)
    monkeypatch.setattr(pipeline, "default_workers", lambda: 2)
    small, large = tmp_path / "small.mrc", tmp_path / "large.mrc"
    small.write_bytes(b"".join(simple_record(f"S{i}", f"小{i}", "作者") for i in range(3)))
    large.write_bytes(b"".join(simple_record(f"L{i}", f"大{i}", "作者") for i in range(9)))
    run_job(ImportJob.objects.create(filename="small.mrc", path=str(small)))
    assert used == []
    run_job(ImportJob.objects.create(filename="large.mrc", path=str(large)))
    assert used == [2]
    assert Record.objects.count() == 12
