"""Accessibility of the survey pages the link crawler cannot reach (they follow form posts):
taking a survey (start, pages with the 1–9 triple scale, errors, saved with a resume code,
resume, kiosk, thanks), and the builder, results, wave comparison, entry and report pages.
Each page is checked with axe-core and the structure checks in zh-hans, en and at 200 % text
with high contrast. See docs/surveys.md."""

from __future__ import annotations

import pytest
from a11y import POST_PAGE_VARIANTS, check_page
from browserkit import new_context, sign_in

pytestmark = pytest.mark.browser

VARIANTS = POST_PAGE_VARIANTS


@pytest.mark.parametrize("language, display", VARIANTS)
def test_taking_a_survey_is_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    problems: list = []
    page.goto("/surveys/")
    check_page(page, "index", language, problems)
    page.goto("/surveys/demo-sq-after/")
    check_page(page, "start", language, problems)
    page.click("main form.stack-form button[type=submit]")
    assert "/page/1/" in page.url
    check_page(page, "page 1", language, problems)
    page.select_option("select >> nth=0", "3")  # only a minimum: an error for the item
    page.click("button[value=next]")
    check_page(page, "page 1 with errors", language, problems)
    page.select_option("select >> nth=0", "")
    page.click("button[value=save]")
    check_page(page, "saved", language, problems)
    code = page.locator(".code").first.inner_text()
    page.goto("/surveys/demo-sq-after/resume/")
    check_page(page, "resume", language, problems)
    page.fill("input[name=code]", code)
    page.click("main form.stack-form button[type=submit]")
    assert "/page/" in page.url
    page.goto("/surveys/kiosk/demo-sq-after/")
    check_page(page, "kiosk start", language, problems)
    page.click("main form.stack-form button[type=submit]")
    check_page(page, "kiosk page", language, problems)
    ctx.close()
    assert not problems, problems


@pytest.mark.parametrize("language, display", VARIANTS)
def test_staff_survey_pages_are_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "manager") is None
    problems: list = []
    page.goto("/staff/surveys/")
    check_page(page, "list", language, problems)
    page.click("main table a >> nth=0")
    check_page(page, "detail", language, problems)
    detail = page.url
    for link in ("main a[href$='/waves/']",):
        page.goto(detail)
        page.click(link)
        check_page(page, "waves", language, problems)
    page.goto(detail)
    page.click("#runs-caption ~ tbody a >> nth=0")
    check_page(page, "run", language, problems)
    run = page.url
    for link in ("results/", "report/", "entry/"):
        page.goto(run + link)
        check_page(page, link, language, problems)
    page.click("main form button[type=submit]")
    check_page(page, "entry with errors", language, problems)
    page.goto("/staff/surveys/new/template/")
    check_page(page, "from template", language, problems)
    page.click("main form button[type=submit]")
    check_page(page, "from template with error", language, problems)
    for path in ("/staff/surveys/needs-report/",):
        page.goto(path)
        check_page(page, path, language, problems)
    ctx.close()
    assert not problems, problems
