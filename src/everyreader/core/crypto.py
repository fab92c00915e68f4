"""Field encryption at rest: `EncryptedTextField` and `EncryptedJSONField`.

Keys come from settings.FIELD_ENCRYPTION_KEYS (env EVERYREADER_FIELD_ENCRYPTION_KEY, comma-separated).
The first key encrypts; every key decrypts, so keys can be rotated: put the new key first, run
`everyreader rotate_encryption_keys`, then drop the old key. Any string works as a key: each is
stretched to a Fernet key with SHA-256 (use long random strings in production).

`blind_index(value)` is a keyed hash (HMAC-SHA-256 with a key derived from the first key) for
equality searches on encrypted facts without storing them in clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "enc1:"


def _fernet_key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode("utf-8")).digest())


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise RuntimeError("settings.FIELD_ENCRYPTION_KEYS is empty: configure EVERYREADER_FIELD_ENCRYPTION_KEY")
    return MultiFernet([Fernet(_fernet_key(k)) for k in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.FIELD_ENCRYPTION_KEYS)


def encrypt_str(value: str) -> str:
    return PREFIX + _multifernet(_keys()).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_str(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return _multifernet(_keys()).decrypt(token[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: no configured key matches") from exc


def rotate_token(token: str) -> str:
    """Re-encrypt a stored token with the first (newest) key."""
    return PREFIX + _multifernet(_keys()).rotate(token[len(PREFIX):].encode("ascii")).decode("ascii")


def blind_index(value: str) -> str:
    keys = _keys()
    key = hashlib.sha256(b"everyreader-blind-index:" + keys[0].encode("utf-8")).digest()
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text value stored encrypted. Not searchable or orderable in the database."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_str(value)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt_str(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_str(str(value))


class EncryptedJSONField(models.TextField):
    """A JSON value (dict/list) stored encrypted as text."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return json.loads(decrypt_str(value))

    def to_python(self, value):
        if isinstance(value, str):
            if value.startswith(PREFIX):
                return json.loads(decrypt_str(value))
            return json.loads(value) if value else None
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt_str(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)
