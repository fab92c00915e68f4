"""Abuse defence for the open form: a per-connection rate limit kept only in the cache.

The key is a keyed hash of the IP address and the current hour, so the address itself is never
stored anywhere, and the counter expires by itself. No CAPTCHA: nothing a screen reader, switch
or voice user cannot pass.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

LIMIT_PER_HOUR = 5
WINDOW_SECONDS = 3600


def _key(request) -> str:
    if request.user.is_authenticated:
        ident = f"user:{request.user.pk}"
    else:
        ident = f"ip:{request.META.get('REMOTE_ADDR', '')}"
    bucket = int(time.time() // WINDOW_SECONDS)
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{ident}:{bucket}".encode(), hashlib.sha256).hexdigest()
    return f"feedback-rate:{digest[:32]}"


def is_limited(request) -> bool:
    try:
        return (cache.get(_key(request)) or 0) >= LIMIT_PER_HOUR
    except Exception:  # noqa: BLE001 - the 24/7 channel stays open when the cache is down
        log.warning("feedback rate limit: cache unavailable", exc_info=True)
        return False


def hit(request) -> None:
    key = _key(request)
    try:
        if cache.add(key, 1, WINDOW_SECONDS):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
    except Exception:  # noqa: BLE001 - see is_limited
        log.warning("feedback rate limit: cache unavailable", exc_info=True)
