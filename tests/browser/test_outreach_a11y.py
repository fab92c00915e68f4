"""Accessibility of the home-delivery pages the link crawler cannot reach (they follow form
posts): the staff forms with their error summaries (delivery profile, visit record, item choice,
roster entry, training, availability, postal dispatch) and the reader's /me/delivery/ forms with
errors. Checked with axe-core and the structure checks in zh-hans, en and at 200 % with high
contrast. See docs/outreach.md."""

from __future__ import annotations

import pytest
from a11y import POST_PAGE_VARIANTS, check_page
from browserkit import new_context, sign_in

pytestmark = pytest.mark.browser

VARIANTS = POST_PAGE_VARIANTS


def _submit(page, form="main form.stack-form"):
    page.locator(f"{form} button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language, display", VARIANTS)
def test_staff_outreach_forms_with_errors(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "depthead") is None
    problems: list = []
    page.goto("/staff/outreach/profiles/new/")
    page.fill("input[name=card_number]", "NO-SUCH-CARD")
    _submit(page)
    assert page.locator(".error-summary").count() == 1
    check_page(page, "profile create with errors", language, problems)
    page.goto("/staff/outreach/week/")
    page.click("main table a >> nth=0")
    visit = page.url
    page.fill("input[name=barcodes]", "NO-SUCH-BARCODE")
    _submit(page)
    check_page(page, "choose items with errors", language, problems)
    page.goto(visit + "record/")
    _submit(page)
    check_page(page, "record visit with errors", language, problems)
    page.goto("/staff/outreach/roster/new/")
    page.fill("input[name=name]", "")
    _submit(page)
    check_page(page, "roster entry with errors", language, problems)
    page.goto("/staff/outreach/roster/")
    page.click("main table a >> nth=0")
    member = page.url
    _submit(page)
    check_page(page, "training with errors", language, problems)
    page.goto(member + "availability/")
    page.fill("input[name=d6_start]", "09:00")
    _submit(page)
    check_page(page, "availability with errors", language, problems)
    page.goto("/staff/outreach/postal/dispatch/")
    page.fill("input[name=card_number]", "NO-SUCH-CARD")
    page.fill("input[name=barcode]", "NO-SUCH-BARCODE")
    _submit(page)
    check_page(page, "postal dispatch with errors", language, problems)
    ctx.close()
    assert not problems, problems


@pytest.mark.parametrize("language, display", VARIANTS)
def test_reader_delivery_forms_with_errors(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "reader") is None
    problems: list = []
    page.goto("/me/delivery/")
    check_page(page, "my delivery", language, problems)
    page.fill("input[name=schedule-window_start]", "16:00")
    page.fill("input[name=schedule-window_end]", "15:00")
    _submit(page, "main form:has(input[value=schedule])")
    assert page.locator(".error-summary").count() == 1
    check_page(page, "my delivery: day with errors", language, problems)
    if page.locator("main form:has(input[value=feedback])").count():
        _submit(page, "main form:has(input[value=feedback])")
        check_page(page, "my delivery: feedback with errors", language, problems)
    ctx.close()
    assert not problems, problems
