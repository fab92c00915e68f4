"""Request-scoped context (client IP for the audit log) and display preferences."""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.utils import translation

from everyreader.core.display import DisplayPreferences

_current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def current_ip() -> str | None:
    return _current_ip.get()


def client_ip(request) -> str | None:
    # Behind a trusted proxy, the proxy sets REMOTE_ADDR via its own configuration (see docs).
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _current_ip.reset(token)


class DisplayPreferencesMiddleware:
    """Applies display preferences on the server, so pages never flash the default style."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.display_preferences:
            request.display = DisplayPreferences.from_dict(user.display_preferences)
        else:
            request.display = DisplayPreferences.from_cookie(
                request.COOKIES.get(DisplayPreferences.COOKIE_NAME, "")
            )
        return self.get_response(request)


def activate_user_language(request, response, language: str):
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
    return response
