"""API token authentication."""

from __future__ import annotations

from django.db import connection
from rest_framework import authentication
from rest_framework.authtoken.models import Token

from everyreader.accounts.models import User

_USER_BY_API_TOKEN = """
    SELECT u.*, t.created AS token_created
    FROM accounts_user u INNER JOIN authtoken_token t ON t.user_id = u.id
    WHERE t.key = %s"""


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication with the lookup in plain SQL: every API call makes it, and
    compiling DRF's `Token.objects.select_related("user").get(key=key)` costs five times the CPU
    of running it (bench/RESULTS.md, circulation). Refusals are DRF's own."""

    def authenticate_credentials(self, key):
        user = next(iter(User.objects.raw(_USER_BY_API_TOKEN, [key])), None)
        if user is None or not user.is_active:
            return super().authenticate_credentials(key)  # raises DRF's translated refusal
        token = Token.from_db(connection.alias, ["key", "user_id", "created"], [key, user.pk, user.token_created])
        token.user = user
        return user, token
