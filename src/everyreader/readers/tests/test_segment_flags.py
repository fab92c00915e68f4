"""Anonymous statistics flags of a reader, read from need tags (never the encrypted profile)."""

import pytest

from everyreader.readers.models import Reader
from everyreader.readers.selectors import reader_segment_flags, with_segment_flags
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_low_vision_reader_is_counted_under_vision(with_needs):
    flags = reader_segment_flags(Reader.objects.get(pk=with_needs.pk))
    assert flags["vision"] and not flags["hearing"] and not flags["mobility"]


def test_reader_without_needs_has_no_flags(reader):
    assert not any(reader_segment_flags(reader).values())


def test_flags_in_the_readers_query_agree_and_need_no_query(with_needs, django_assert_num_queries):
    other = ReaderFactory()
    expected = {r.pk: reader_segment_flags(r) for r in Reader.objects.filter(pk__in=[with_needs.pk, other.pk])}
    readers = list(with_segment_flags(Reader.objects.filter(pk__in=[with_needs.pk, other.pk])))
    with django_assert_num_queries(0):
        assert {r.pk: reader_segment_flags(r) for r in readers} == expected
    assert expected[with_needs.pk]["vision"] and not any(expected[other.pk].values())
