"""Items the general check-in must not take: other apps say where they are checked in instead.

An assistive device, for one, is checked in on its own page, where its accessories, battery and
condition are checked before it can be lent again. Apps register `handler(item) -> (message, url)
| None` from their AppConfig.ready(); the desk and the API check-in ask before checking in.
Handlers must be cheap for ordinary items (no query unless the item is theirs)."""

from __future__ import annotations

_handlers: list = []


def register(handler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def where(item) -> tuple[str, str] | None:
    """(message, url) when `item` is checked in elsewhere; None for the general check-in."""
    for handler in _handlers:
        found = handler(item)
        if found:
            return found
    return None
