import io

import pytest

from everyreader.catalog.marc.importer import Importer, run_job
from everyreader.catalog.marc.writing import export_bytes
from everyreader.catalog.models import ImportJob, ImportProblem, Record
from everyreader.catalog.tests.marc_samples import data_field, iso2709, simple_record
from everyreader.search.selectors import SearchQuery, search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def run(data: bytes, **kwargs):
    return Importer(**kwargs).run(io.BytesIO(data))


def find(text, **filters):
    return {h.object_id for h in search(SearchQuery(text=text, filters=filters)).hits}


def test_import_creates_records_and_indexes_them():
    totals = run(simple_record("R1", "边城", "沈从文") + simple_record("R2", "茶馆", "老舍"))
    assert (totals.created, totals.skipped) == (2, 0)
    record = Record.objects.get(control_number="R1")
    assert record.title == "边城"
    assert record.responsibility == "沈从文著"
    assert record.contributors == ["沈从文"]
    assert record.language == "chi" and record.year == 2014
    assert record.marc.startswith(record.marc[:5]) and "边城" in record.marc
    assert find("边城") == {record.pk}


def test_reimport_updates_instead_of_duplicating():
    run(simple_record("R1", "边城", "沈从文"))
    first = Record.objects.get()
    totals = run(simple_record("R1", "边城（修订版）", "沈从文"))
    assert Record.objects.count() == 1
    assert totals.updated == 1
    first.refresh_from_db()
    assert first.title == "边城（修订版）"
    assert find("修订版") == {first.pk}
    again = run(simple_record("R1", "边城（修订版）", "沈从文"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Record.objects.count() == 1


def test_reimport_matches_on_isbn_when_control_number_differs():
    run(simple_record("OLD-1", "活着", "余华", isbn="9787506365437"))
    run(simple_record("", "活着", "余华", isbn="978-7-5063-6543-7"))
    assert Record.objects.count() == 1


def test_same_source_different_control_numbers_are_two_records_even_with_one_isbn():
    run(simple_record("A", "活着", "余华", isbn="9787506365437") + simple_record("B", "活着", "余华",
                                                                                   isbn="9787506365437"))
    assert Record.objects.count() == 2


def test_880_original_script_is_stored_and_searchable():
    extra = [("880", data_field("10", ("6", "245-01/$1"), ("a", "红楼梦 /"), ("c", "曹雪芹著"))),
             ("880", data_field("1 ", ("6", "100-02/$1"), ("a", "曹雪芹")))]
    fields = [("001", b"LC1"), ("003", b"DLC"), ("008", b"820101s1982    cc            000 1 chi d"),
              ("100", data_field("1 ", ("6", "880-02"), ("a", "Cao, Xueqin"))),
              ("245", data_field("10", ("6", "880-01"), ("a", "Hong lou meng /"), ("c", "Cao Xueqin zhu."))),
              *extra]
    run(iso2709(fields))
    record = Record.objects.get()
    assert record.title == "Hong lou meng"
    assert record.title_original == "红楼梦"
    assert record.responsibility_original == "曹雪芹著"
    assert {"tag": "100", "text": "曹雪芹"} in record.original_script
    assert find("红楼梦") == {record.pk}
    assert find("曹雪芹") == {record.pk}
    assert find("紅樓夢") == {record.pk}


def test_bad_and_truncated_records_are_reported_and_skipped():
    good1 = simple_record("G1", "家", "巴金")
    bad_length = b"00a12" + simple_record("X", "x", "y")[5:]
    bad_utf8 = simple_record("U1", "春", "巴金").replace("春".encode(), b"\xff\xfe\xfd")
    no_title = iso2709([("001", b"NT1"), ("100", data_field("1 ", ("a", "无名")))])
    good2 = simple_record("G2", "秋", "巴金")
    truncated = simple_record("T1", "雷雨", "曹禺")[:40]
    data = good1 + bad_length + bad_utf8 + no_title + good2 + truncated
    job = ImportJob.objects.create(filename="bad.mrc", path="/nonexistent")
    totals = Importer(job=job).run(io.BytesIO(data))
    assert sorted(Record.objects.values_list("control_number", flat=True)) == ["G1", "G2"]
    assert totals.skipped == 4
    problems = list(ImportProblem.objects.filter(job=job).order_by("position"))
    assert [p.position for p in problems] == [2, 3, 4, 6]
    assert problems[1].control_number == "U1" and "UTF-8" in problems[1].reason
    assert "245" in problems[2].reason
    assert "truncated" in problems[3].reason
    assert problems[3].offset == len(data) - 40
    job.refresh_from_db()
    assert (job.created_count, job.error_count, job.position) == (2, 4, 6)


def _marc8_code(char: str) -> bytes:
    from pymarc.marc8_mapping import CODESETS

    for code, (value, _combining) in CODESETS[0x31].items():
        if chr(value) == char:
            return code.to_bytes(3, "big")
    raise LookupError(char)


def test_marc8_input_with_diacritics_and_cjk():
    chinese = b"\x1b$1" + _marc8_code("中") + _marc8_code("文") + b"\x1b(B"
    fields = [("001", b"M8"), ("008", b"200101s2014    cc            000 1 chi d"),
              ("245", b"10\x1faCaf\xe2e /\x1fcN. Author."),
              ("880", b"10\x1f6245-01/$1\x1fa" + chinese)]
    run(iso2709(fields, utf8=False))
    record = Record.objects.get()
    assert record.title == "Café"
    assert record.title_original == "中文"
    assert record.marc[9] == "a"  # stored as UTF-8
    assert find("中文") == {record.pk}


def test_marcxml_import_and_bad_xml_record():
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<collection xmlns="http://www.loc.gov/MARC21/slim">
 <record><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">X1</controlfield>
  <datafield tag="245" ind1="1" ind2="0"><subfield code="a">Black Beauty</subfield></datafield></record>
 <record><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">X2</controlfield>
  <datafield tag="24" ind1="1" ind2="0"><subfield code="a">Broken</subfield></datafield></record>
</collection>"""
    totals = run(xml)
    assert (totals.created, totals.skipped) == (1, 1)
    assert Record.objects.get().title == "Black Beauty"


def test_round_trip_import_export_import_gives_the_same_records():
    from everyreader.catalog.demo import build_records
    import random

    records = build_records(random.Random(7))[:60]
    original = export_bytes(records)
    run(original)
    fields = ["title", "title_original", "responsibility", "contributors", "publisher", "year", "language",
              "subjects", "summary", "audience", "isbn", "format", "braille_grade", "large_print_size",
              "access_modes", "access_mode_sufficient", "accessibility_features", "accessibility_hazards",
              "accessibility_summary", "work_key"]
    first = list(Record.objects.order_by("control_number").values(*fields))
    for kind in ("marc", "xml"):
        exported = export_bytes(Record.objects.order_by("pk"), kind=kind)
        Record.objects.all().delete()
        run(exported)
        assert list(Record.objects.order_by("control_number").values(*fields)) == first
    for obj, expected in zip(sorted(records, key=lambda r: r.control_number), first):
        assert obj.format == expected["format"]
        assert sorted(obj.accessibility_features) == sorted(expected["accessibility_features"])
        assert obj.access_modes == expected["access_modes"]
        assert obj.title == expected["title"]


def test_export_keeps_unmodelled_fields_and_writes_edits(tmp_path):
    extra = [("504", data_field("  ", ("a", "Includes bibliographical references.")))]
    run(simple_record("K1", "边城", "沈从文", extra=extra))
    record = Record.objects.get()
    record.title = "边城（新版）"
    record.accessibility_features = ["largePrint"]
    record.save()
    data = export_bytes([record])
    assert b"Includes bibliographical references." in data
    assert "边城（新版）".encode() in data
    assert b"341" in data[:200] or b"largePrint" in data


def test_interrupted_import_resumes_after_the_last_committed_batch(tmp_path):
    path = tmp_path / "file.mrc"
    path.write_bytes(b"".join(simple_record(f"C{i}", f"书{i}", "作者") for i in range(25)))
    job = ImportJob.objects.create(filename="file.mrc", path=str(path))

    calls = {"n": 0}

    def progress(n):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_job(job, progress=progress, batch_size=10)
    job.refresh_from_db()
    # the second batch was interrupted before it committed: only the first one counts
    assert job.position == 10 and Record.objects.count() == 10
    run_job(job, batch_size=10)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Record.objects.count() == 25
    assert job.created_count == 25


def test_invalid_utf8_in_an_unmapped_field_is_reported_not_fatal():
    extra = [("504", b"  \x1faNotes \xff\xfe")]
    totals = run(simple_record("V1", "家", "巴金", extra=extra) + simple_record("V2", "春", "巴金"))
    assert (totals.created, totals.skipped) == (1, 1)
    assert Record.objects.get().control_number == "V2"


def _answers():
    queries = [SearchQuery(text="书"), SearchQuery(text="作者"), SearchQuery(text="shu"),
               SearchQuery(text="书", filters={"language": ["chi"]}, page=2, page_size=4),
               SearchQuery(filters={"format": ["print"]}), SearchQuery(text="修订版")]
    out = []
    for query in queries:
        result = search(query)
        out.append((result.total, [h.object_id for h in result.hits],
                    {k: [(v.value, v.count) for v in vs] for k, vs in result.facets.items()},
                    [(y.value, y.count) for y in result.year_ranges]))
    return out


def test_search_after_a_batched_resumed_and_repeated_import_equals_a_full_rebuild(tmp_path):
    from everyreader.catalog import indexing

    path = tmp_path / "file.mrc"
    path.write_bytes(b"".join(simple_record(f"C{i}", f"书{i}", f"作者{i % 3}") for i in range(25)))
    job = ImportJob.objects.create(filename="file.mrc", path=str(path))
    calls = {"n": 0}

    def progress(n):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_job(job, progress=progress, batch_size=10)
    job.refresh_from_db()
    run_job(job, batch_size=10)  # resumed after the last committed batch
    run(path.read_bytes() + simple_record("C3", "书3（修订版）", "作者0"), batch_size=7)  # again
    assert Record.objects.count() == 25
    after_import = _answers()
    assert after_import[0][0] == 25 and after_import[-1][0] == 1
    assert indexing.rebuild() == 25  # every record through the one-by-one document path
    assert _answers() == after_import
