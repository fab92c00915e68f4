"""Shared helpers for the browser tests (kept out of conftest.py so tests can import them)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = os.environ.get("EVERYREADER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "everyreader-demo"
DEMO_ROLES = ["admin", "librarian", "depthead", "manager", "reader"]
LANGUAGE_COOKIE = "everyreader_language"
DISPLAY_COOKIE = "everyreader_display"



def new_context(browser, server, *, language: str | None = "zh-hans", display: str | None = None):
    """A fresh browser context (own cookies) with the language and display cookies set."""
    ctx = browser.new_context(
        base_url=server.url, locale="zh-CN", viewport={"width": 1280, "height": 900},
    )
    ctx.set_default_timeout(30_000)
    cookies = []
    if language:
        cookies.append({"name": LANGUAGE_COOKIE, "value": language, "url": server.url})
    if display:
        cookies.append({"name": DISPLAY_COOKIE, "value": display, "url": server.url})
    if cookies:
        ctx.add_cookies(cookies)
    return ctx


def sign_in(page, username: str, password: str = DEMO_PASSWORD) -> str | None:
    """Signs in through /accounts/login/; returns an error message, or None on success."""
    response = page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=password])").first
    if response is None or response.status >= 400 or form.count() == 0:
        status = response.status if response else "no response"
        return f"sign-in as {username!r}: no sign-in form at /accounts/login/ ({status})"
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("input[name=password]").press("Enter")
    if "/accounts/login/" in page.url:
        return f"sign-in as {username!r} failed (still on {page.url})"
    return None
