"""Abuse defence for open forms: a per-connection rate limit kept only in the cache.

The key is a keyed hash (HMAC with SECRET_KEY) of the scope, the connection (signed-in user or
IP address) and the current time window, so the address itself is never stored anywhere and the
counter expires by itself. It fails open: if the cache is down the form stays usable. No CAPTCHA:
nothing a screen reader, switch or voice user cannot pass.

    if not ratelimit.allow(request, "join", limit=10, period=3600): ...   # check and count
    ratelimit.is_limited(request, "feedback", 5, 3600) / ratelimit.hit(request, "feedback", 3600)
    (check now, count only what was really accepted)
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)


def _key(request, scope: str, period: int) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        ident = f"user:{user.pk}"
    else:
        ident = f"ip:{request.META.get('REMOTE_ADDR', '')}"
    window = int(time.time() // period)
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{ident}:{window}".encode(),
                      hashlib.sha256).hexdigest()
    return f"rate:{scope}:{digest[:32]}"


def is_limited(request, scope: str, limit: int, period: int = 3600) -> bool:
    """True once this connection has been counted `limit` times in the current window."""
    try:
        return (cache.get(_key(request, scope, period)) or 0) >= limit
    except Exception:  # noqa: BLE001 - fail open: the form stays usable when the cache is down
        log.warning("rate limit %s: cache unavailable", scope, exc_info=True)
        return False


def hit(request, scope: str, period: int = 3600) -> None:
    """Count one use for this connection in the current window."""
    key = _key(request, scope, period)
    try:
        if cache.add(key, 1, period):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, period)
    except Exception:  # noqa: BLE001 - see is_limited
        log.warning("rate limit %s: cache unavailable", scope, exc_info=True)


def allow(request, scope: str, limit: int, period: int = 3600) -> bool:
    """Check and count in one step: False when the limit is already reached (nothing counted)."""
    if is_limited(request, scope, limit, period):
        return False
    hit(request, scope, period)
    return True
