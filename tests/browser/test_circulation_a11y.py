"""Accessibility of the circulation policy pages, including the form's error state (reached only
by a form post, so the link crawler never sees it). axe-core and the structure checks in zh-hans,
en and at 200 % text with high contrast. See docs/circulation.md."""

from __future__ import annotations

import pytest
from a11y import POST_PAGE_VARIANTS, check_page
from browserkit import new_context, sign_in

pytestmark = pytest.mark.browser

VARIANTS = POST_PAGE_VARIANTS


@pytest.mark.parametrize("language, display", VARIANTS)
def test_policy_pages_are_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "admin") is None
    problems: list = []
    page.goto("/staff/circulation/policies/")
    check_page(page, "list", language, problems)
    page.click("main form.filter-form button[type=submit]")
    assert page.locator("[data-applies-row]").count() == 1
    check_page(page, "which rule applies", language, problems)
    page.click("main a[href$='/edit/'] >> nth=0")
    check_page(page, "edit", language, problems)
    page.goto("/staff/circulation/policies/")
    page.click("main a[href$='/delete/'] >> nth=0")
    check_page(page, "delete", language, problems)
    page.goto("/staff/circulation/policies/new/")
    check_page(page, "new", language, problems)
    page.fill("#id_loan_days", "0")
    page.click("main form.stack-form button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    check_page(page, "new with errors", language, problems)
    ctx.close()
    assert not problems, problems
