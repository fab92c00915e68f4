"""Accessibility of the survey pages the link crawler cannot reach (they follow form posts):
taking a survey (start, pages with the 1–9 triple scale, errors, saved with a resume code,
resume, kiosk, thanks), and the builder, results, wave comparison, entry and report pages.
Each page is checked with axe-core and the structure checks in zh-hans, en and at 200 % text
with high contrast. See docs/surveys.md."""

from __future__ import annotations

import pytest
from a11y import check_structure, run_axe
from browserkit import new_context, sign_in

pytestmark = pytest.mark.browser

VARIANTS = [("zh-hans", None), ("en", None), ("zh-hans", "size=200&contrast=high")]


def _check(page, label, language, problems):
    violations = run_axe(page)
    structure, _info = check_structure(page, language)
    if violations or structure:
        problems.append({"page": label, "url": page.url, "structure": structure,
                         "axe": [(v["id"], v["help"], v["nodes"][:2]) for v in violations]})


@pytest.mark.parametrize("language, display", VARIANTS)
def test_taking_a_survey_is_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    problems: list = []
    page.goto("/surveys/")
    _check(page, "index", language, problems)
    page.goto("/surveys/demo-sq-after/")
    _check(page, "start", language, problems)
    page.click("main form.stack-form button[type=submit]")
    assert "/page/1/" in page.url
    _check(page, "page 1", language, problems)
    page.select_option("select >> nth=0", "3")  # only a minimum: an error for the item
    page.click("button[value=next]")
    _check(page, "page 1 with errors", language, problems)
    page.select_option("select >> nth=0", "")
    page.click("button[value=save]")
    _check(page, "saved", language, problems)
    code = page.locator(".code").first.inner_text()
    page.goto("/surveys/demo-sq-after/resume/")
    _check(page, "resume", language, problems)
    page.fill("input[name=code]", code)
    page.click("main form.stack-form button[type=submit]")
    assert "/page/" in page.url
    page.goto("/surveys/kiosk/demo-sq-after/")
    _check(page, "kiosk start", language, problems)
    page.click("main form.stack-form button[type=submit]")
    _check(page, "kiosk page", language, problems)
    ctx.close()
    assert not problems, problems


@pytest.mark.parametrize("language, display", VARIANTS)
def test_staff_survey_pages_are_accessible(browser, server, language, display):
    ctx = new_context(browser, server, language=language, display=display)
    page = ctx.new_page()
    assert sign_in(page, "manager") is None
    problems: list = []
    page.goto("/staff/surveys/")
    _check(page, "list", language, problems)
    page.click("main table a >> nth=0")
    _check(page, "detail", language, problems)
    detail = page.url
    for link in ("main a[href$='/waves/']",):
        page.goto(detail)
        page.click(link)
        _check(page, "waves", language, problems)
    page.goto(detail)
    page.click("#runs-caption ~ tbody a >> nth=0")
    _check(page, "run", language, problems)
    run = page.url
    for link in ("results/", "report/", "entry/"):
        page.goto(run + link)
        _check(page, link, language, problems)
    page.click("main form button[type=submit]")
    _check(page, "entry with errors", language, problems)
    page.goto("/staff/surveys/new/template/")
    _check(page, "from template", language, problems)
    page.click("main form button[type=submit]")
    _check(page, "from template with error", language, problems)
    for path in ("/staff/surveys/needs-report/",):
        page.goto(path)
        _check(page, path, language, problems)
    ctx.close()
    assert not problems, problems
