"""The feedback form's limit: 5 accepted submissions per connection and hour (see core.ratelimit)."""

from __future__ import annotations

from everyreader.core import ratelimit

SCOPE = "feedback"
LIMIT_PER_HOUR = 5
WINDOW_SECONDS = 3600


def is_limited(request) -> bool:
    return ratelimit.is_limited(request, SCOPE, LIMIT_PER_HOUR, WINDOW_SECONDS)


def hit(request) -> None:
    ratelimit.hit(request, SCOPE, WINDOW_SECONDS)
