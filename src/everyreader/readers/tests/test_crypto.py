"""Field encryption, key rotation and the rotate_encryption_keys command."""

import pytest
from django.core.management import call_command
from django.db import connection

from everyreader.core import crypto
from everyreader.readers.models import NeedsProfile, Segment
from everyreader.readers.selectors import segment_members


def _raw_profile():
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM readers_needsprofile")
        return cursor.fetchone()[0]


def test_any_string_works_as_a_key_and_rotation_keeps_old_data_readable(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["old secret"]
    token = crypto.encrypt_str("低视力")
    settings.FIELD_ENCRYPTION_KEYS = ["new secret", "old secret"]
    assert crypto.decrypt_str(token) == "低视力"
    settings.FIELD_ENCRYPTION_KEYS = ["new secret"]
    with pytest.raises(ValueError):
        crypto.decrypt_str(token)


@pytest.mark.django_db
def test_rotate_command_reencrypts_and_rebuilds_index(with_needs, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    before = _raw_profile()
    segment = Segment(rules={"conditions": [{"field": "need", "op": "has_any", "value": ["low-vision"]}]})
    settings.FIELD_ENCRYPTION_KEYS = ["a brand new key", old_key]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))
    after = _raw_profile()
    assert after != before and after.startswith("enc1:")
    settings.FIELD_ENCRYPTION_KEYS = ["a brand new key"]
    assert NeedsProfile.objects.get().data["needs"][0]["type"] == "low-vision"
    assert list(segment_members(segment)) == [with_needs]
