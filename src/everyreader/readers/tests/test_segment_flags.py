"""Anonymous statistics flags of a reader, read from need tags (never the encrypted profile)."""

import pytest

from everyreader.readers.models import Reader
from everyreader.readers.selectors import reader_segment_flags

pytestmark = pytest.mark.django_db


def test_low_vision_reader_is_counted_under_vision(with_needs):
    flags = reader_segment_flags(Reader.objects.get(pk=with_needs.pk))
    assert flags["vision"] and not flags["hearing"] and not flags["mobility"]


def test_reader_without_needs_has_no_flags(reader):
    assert not any(reader_segment_flags(reader).values())


def test_flags_take_one_query_once_the_taxonomy_is_kept(with_needs, django_assert_num_queries):
    reader_segment_flags(with_needs)
    with django_assert_num_queries(2):  # the generation tokens and the reader's tags
        assert reader_segment_flags(with_needs)["vision"]
