"""SMS providers. The library configures one with EVERYREADER_SMS_PROVIDER (a dotted path to a
class with `send(phone, text) -> str`, returning the provider's message id or raising SmsError)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("everyreader.sms")


class SmsError(Exception):
    pass


class LoggingSmsProvider:
    """Writes each text message to the log instead of sending it (demo and development)."""

    def send(self, phone: str, text: str) -> str:
        log.info("SMS to %s: %s", phone, text)
        return "logged"


def get_provider():
    return import_string(settings.EVERYREADER_SMS_PROVIDER)()
