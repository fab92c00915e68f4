"""Accessibility of the devices-and-assistance pages the link crawler cannot reach: the pages
shown after a form post (errors, confirmation messages) for readers and staff. Each page is
checked with axe-core and the structure checks in zh-hans, en and at 200 % text with high
contrast. See docs/assistance.md."""

from __future__ import annotations

import pytest
from a11y import POST_PAGE_VARIANTS, check_page
from browserkit import new_context, sign_in

pytestmark = pytest.mark.browser

VARIANTS = POST_PAGE_VARIANTS


@pytest.mark.parametrize("language, display", VARIANTS)
def test_reader_booking_pages_are_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "reader") is None
    problems: list = []
    page.goto("/assistance/")
    page.click("main a[href*='/assistance/devices/'] >> nth=-1")
    assert "/book/" in page.url
    page.fill("input[name=start_date]", "2000-01-01")
    page.fill("input[name=end_date]", "2000-01-02")
    with page.expect_navigation():
        page.click("main form.stack-form button[type=submit]")
    check_page(page, "device request with errors", language, problems)
    page.goto("/assistance/times/")
    page.click("main table a[href*='/book/'] >> nth=-1")
    with page.expect_navigation():
        page.click("main form.stack-form button[type=submit]")
    assert page.url.endswith("/assistance/mine/")
    check_page(page, "booked (message)", language, problems)
    with page.expect_navigation():
        page.click("main form[action*='/cancel/'] button >> nth=0")
    check_page(page, "cancelled (message)", language, problems)
    ctx.close()
    assert not problems, problems


@pytest.mark.parametrize("language, display", VARIANTS)
def test_staff_action_results_are_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "depthead") is None
    problems: list = []
    page.goto("/staff/assistance/slots/")
    page.click("#slots-caption ~ tbody a >> nth=0")
    slot = page.url
    page.goto(slot + "book/")
    with page.expect_navigation():
        page.click("main form.stack-form button[type=submit]")
    check_page(page, "book for a reader with errors", language, problems)
    page.goto(slot + "cancel/")  # the crawler never follows "cancel" links
    check_page(page, "cancel a slot", language, problems)
    with page.expect_navigation():
        page.click("main form.stack-form button[type=submit]")
    check_page(page, "cancel a slot with errors", language, problems)
    page.goto("/staff/assistance/bookings/?status=requested")
    check_page(page, "bookings filtered", language, problems)
    page.goto("/staff/assistance/slots/?when=past")
    page.click("#slots-caption ~ tbody a >> nth=0")
    check_page(page, "past slot", language, problems)
    outcome = page.locator("main form[action$='/outcome/'] button")
    if outcome.count():
        with page.expect_navigation():
            outcome.first.click()  # nothing chosen: an error message
        check_page(page, "attendance error", language, problems)
    page.goto("/staff/assistance/devices/")
    page.click("#devices-caption ~ tbody a >> nth=0")
    page.goto(page.url + "check-in/")
    page.check("input[name=outcome][value=repair]")
    with page.expect_navigation():
        page.click("main form.stack-form button[type=submit]")
    check_page(page, "check-in with errors", language, problems)
    ctx.close()
    assert not problems, problems
