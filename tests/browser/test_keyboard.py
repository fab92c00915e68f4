"""A keyboard-only journey: sign in as `reader` and choose 200% text with high contrast.

Only key presses are used (Tab, Shift+Tab, Enter, Space, arrow keys inside radio groups and
selects, and typing); never a click. Every element that receives focus on a Tab stop must show
a visible focus indicator (a computed outline or box-shadow).
"""

from __future__ import annotations

import re

import pytest
from browserkit import DEMO_PASSWORD, new_context

pytestmark = pytest.mark.browser

MAX_TABS = 120

FOCUS_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    let path = el.tagName.toLowerCase();
    if (el.id) path += '#' + el.id;
    else if (el.name) path += `[name="${el.name}"]`;
    const label = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40);
    let href = null;
    if (el.tagName === 'A' && el.href) { const u = new URL(el.href); href = u.pathname; }
    return {
        tag: el.tagName.toLowerCase(), type: (el.type || '').toLowerCase(), name: el.name || '',
        value: el.value === undefined ? null : String(el.value), checked: !!el.checked,
        href, path, label, visible: outline || shadow,
        outline: `${style.outlineStyle} ${style.outlineWidth}`, shadow: style.boxShadow,
    };
}"""


class Keyboard:
    """Moves through a page with Tab and records every focus stop without a visible indicator."""

    def __init__(self, page):
        self.page = page
        self.invisible: list[str] = []
        self.stops = 0

    def focused(self):
        return self.page.evaluate(FOCUS_JS)

    def press(self, key: str):
        self.page.keyboard.press(key)
        info = self.focused()
        if key in ("Tab", "Shift+Tab") and info:
            self.stops += 1
            if not info["visible"]:
                self.invisible.append(
                    f"{self.page.url} {info['path']} {info['label']!r}: outline={info['outline']}, "
                    f"box-shadow={info['shadow']}"
                )
        return info

    def tab_to(self, predicate, what: str, *, reverse: bool = False):
        """Tabs (or Shift+Tabs) until the focused element satisfies `predicate`."""
        info = self.focused()
        if info and predicate(info):
            return info
        for _ in range(MAX_TABS):
            info = self.press("Shift+Tab" if reverse else "Tab")
            if info and predicate(info):
                return info
        pytest.fail(f"could not reach {what} with the keyboard on {self.page.url}", pytrace=False)

    def choose(self, info, wanted: re.Pattern, what: str):
        """Selects the option matching `wanted` in a focused radio group, select or checkbox."""
        if info["tag"] == "select":
            for _ in range(12):
                if wanted.search(info["value"] or ""):
                    return info
                info = self.press("ArrowDown")
            pytest.fail(f"no {what} option matching {wanted.pattern} in the <select>", pytrace=False)
        if info["type"] == "checkbox":
            if not info["checked"]:
                info = self.press("Space")
            return info
        if info["type"] == "radio":
            for _ in range(12):
                if wanted.search(info["value"] or ""):
                    if not info["checked"]:
                        info = self.press("Space")
                    return info
                info = self.press("ArrowDown")
            pytest.fail(f"no {what} radio button matching {wanted.pattern}", pytrace=False)
        pytest.fail(f"unexpected control for {what}: {info}", pytrace=False)


def _is_control(name_pattern: str):
    regex = re.compile(name_pattern, re.I)
    return lambda i: i["tag"] in ("input", "select") and bool(regex.search(i["name"]))


def test_keyboard_only_sign_in_and_display_preferences(browser, server):
    ctx = new_context(browser, server)
    page = ctx.new_page()
    keys = Keyboard(page)
    try:
        page.goto("/")
        # 1. From the home page, reach the sign-in link and follow it.
        keys.tab_to(lambda i: i["href"] == "/accounts/login/", "the sign-in link")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert urlpath(page.url) == "/accounts/login/"

        # 2. Sign in as the reader by typing.
        keys.tab_to(lambda i: i["name"] == "username", "the username field")
        page.keyboard.type("reader")
        keys.tab_to(lambda i: i["name"] == "password", "the password field")
        page.keyboard.type(DEMO_PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert urlpath(page.url) != "/accounts/login/", "signing in with the keyboard failed"

        # 3. Reach the display settings and choose 200% text and high contrast.
        keys.tab_to(lambda i: i["href"] == "/display/", "the display settings link")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert urlpath(page.url) == "/display/"

        size = keys.tab_to(_is_control(r"size"), "the text size control")
        keys.choose(size, re.compile(r"200"), "text size")
        contrast = keys.tab_to(_is_control(r"contrast"), "the contrast control")
        keys.choose(contrast, re.compile(r"high"), "contrast")
        keys.tab_to(lambda i: i["type"] == "submit" and i["tag"] in ("button", "input")
                    and i["name"] != "language", "the save button")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        # 4. The preferences are applied on <html>, now and on the next page.
        for url in (None, "/"):
            if url:
                page.goto(url)
            classes = page.evaluate("document.documentElement.className").split()
            assert "text-200" in classes and "contrast-high" in classes, (
                f"<html class> on {page.url} is {classes}, expected text-200 and contrast-high"
            )
        assert keys.stops > 0
        assert not keys.invisible, (
            "focused elements without a visible focus indicator:\n" + "\n".join(keys.invisible)
        )
    finally:
        ctx.close()


def urlpath(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path
