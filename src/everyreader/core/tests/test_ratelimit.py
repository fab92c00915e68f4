"""The shared per-connection rate limit (keyed hash in the cache, fails open)."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory

from everyreader.core import ratelimit


@pytest.fixture
def request_from():
    cache.clear()

    def make(ip):
        request = RequestFactory().post("/", REMOTE_ADDR=ip)
        request.user = AnonymousUser()
        return request
    return make


def test_allow_counts_per_scope_and_connection(request_from):
    first = request_from("203.0.113.1")
    assert [ratelimit.allow(first, "a", limit=2) for _ in range(3)] == [True, True, False]
    assert ratelimit.allow(first, "b", limit=2)               # another scope
    assert ratelimit.allow(request_from("203.0.113.2"), "a", limit=2)  # another connection


def test_the_address_is_never_stored_in_the_key(request_from):
    key = ratelimit._key(request_from("203.0.113.9"), "join", 3600)
    assert "203.0.113.9" not in key and key.startswith("rate:join:")


def test_fails_open_when_the_cache_is_down(request_from):
    request = request_from("203.0.113.3")
    with mock.patch.object(ratelimit.cache, "get", side_effect=ConnectionError), \
            mock.patch.object(ratelimit.cache, "add", side_effect=ConnectionError):
        assert all(ratelimit.allow(request, "a", limit=1) for _ in range(3))
