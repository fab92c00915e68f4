"""Accessibility of the circulation pages the link crawler cannot reach or only sees empty:
the desk after a card scan (reader panel), after a checkout or refused checkout (alerts), the
check-in log, and the reader's self-service pages after placing a hold and changing the history
choice. Each page is checked with axe-core and the structure checks in zh-hans, en and at 200 %
text with high contrast. Also checks that the focus lands on the field needed next."""

from __future__ import annotations

import pytest
from a11y import POST_PAGE_VARIANTS, check_page
from browserkit import new_context, sign_in

pytestmark = pytest.mark.browser

VARIANTS = POST_PAGE_VARIANTS
DEMO_CARD = "R2026000001"


def _focused_name(page, expected: str) -> str:
    """The name of the focused field once autofocus has run (it runs at the next rendering update)."""
    try:
        page.wait_for_function("name => document.activeElement && document.activeElement.name === name",
                               arg=expected, timeout=3000)
    except Exception:  # noqa: BLE001 - report what has the focus instead
        pass
    return page.evaluate("document.activeElement && document.activeElement.name")


@pytest.mark.parametrize("language, display", VARIANTS)
def test_desk_pages_are_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "librarian") is None
    problems: list = []
    page.goto("/staff/circulation/desk/")
    assert _focused_name(page, "card") == "card"
    page.fill("input[name=card]", "NO-SUCH-CARD")
    page.press("input[name=card]", "Enter")
    page.wait_for_load_state()
    check_page(page, "desk, unknown card", language, problems)
    page.fill("input[name=card]", DEMO_CARD)
    page.press("input[name=card]", "Enter")
    page.wait_for_url("**/desk/readers/**")
    assert _focused_name(page, "barcode") == "barcode"
    check_page(page, "reader panel", language, problems)
    for barcode in ("NO-SUCH-ITEM", "D000002-1"):
        page.fill("input[name=barcode]", barcode)
        page.press("input[name=barcode]", "Enter")
        page.wait_for_load_state()
        assert _focused_name(page, "barcode") == "barcode"
        check_page(page, f"reader panel after scanning {barcode}", language, problems)
    page.goto("/staff/circulation/checkin/")
    for barcode in ("NO-SUCH-ITEM", "D000002-1"):
        page.fill("input[name=barcode]", barcode)
        page.press("input[name=barcode]", "Enter")
        page.wait_for_load_state()
        assert _focused_name(page, "barcode") == "barcode"
    check_page(page, "check-in log", language, problems)
    for path in ("/staff/circulation/hold-shelf/", "/staff/circulation/pick-list/",
                 "/staff/circulation/in-transit/", "/staff/circulation/hold-shelf/?branch="):
        page.goto(path)
        check_page(page, path, language, problems)
    ctx.close()
    assert not problems, problems


@pytest.mark.parametrize("language, display", VARIANTS)
def test_fines_at_the_desk_are_accessible(browser, server, language, display):
    """The demo has unpaid fines: a department head opens a reader from the unpaid-fines list and
    sees pay and waive forms on the panel; waiving without a reason is refused with an alert."""
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "depthead") is None
    problems: list = []
    page.goto("/staff/circulation/fines/?branch=")
    check_page(page, "unpaid fines", language, problems)
    page.locator("#fines-caption").locator("xpath=..").locator("tbody th a").first.click()
    page.wait_for_url("**/desk/readers/**")
    assert page.locator("#fines-caption").count() == 1
    check_page(page, "reader panel with fines", language, problems)
    page.locator("form:has(input[name=action][value=waive]) button").first.click()
    page.wait_for_load_state()
    assert page.locator("#fines-caption").count() == 1  # refused: no reason given
    check_page(page, "reader panel after a refused waiver", language, problems)
    ctx.close()
    assert not problems, problems


@pytest.mark.parametrize("language, display", VARIANTS)
def test_reading_volume_is_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "manager") is None
    problems: list = []
    for path in ("/staff/circulation/statistics/", "/staff/circulation/statistics/?months=24&flag=flag%3Avision"):
        page.goto(path)
        check_page(page, path, language, problems)
    ctx.close()
    assert not problems, problems


@pytest.mark.parametrize("language, display", VARIANTS)
def test_self_service_pages_are_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "reader") is None
    problems: list = []
    page.goto("/catalog/?q=%E4%B9%A6")  # 书
    page.click("main a[href*='/catalog/records/'] >> nth=0")
    hold_link = page.locator("main a[href*='/me/holds/new/']")
    if hold_link.count():
        hold_link.first.click()
        check_page(page, "place a hold", language, problems)
        page.click("main form.stack-form button[type=submit]")
        page.wait_for_load_state()
        check_page(page, "after placing a hold", language, problems)
    page.goto("/me/loan-history/")
    page.check("input[name=keep]")
    page.click("main form.stack-form button[type=submit]")
    page.wait_for_load_state()
    check_page(page, "history after opting in", language, problems)
    page.uncheck("input[name=keep]")
    page.click("main form.stack-form button[type=submit]")
    page.wait_for_load_state()
    for path in ("/me/loans/", "/me/holds/"):
        page.goto(path)
        check_page(page, path, language, problems)
    ctx.close()
    assert not problems, problems
