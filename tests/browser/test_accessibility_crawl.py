"""Accessibility crawler: every page each demo role can reach, checked with axe-core.

For the anonymous visitor and each demo role, a breadth-first crawl starts at `/` and `/staff/`
and follows same-site links. URLs are grouped by their Django URL pattern (`resolve(path).route`)
so each pattern is visited once per role (plus one query-string variant). Every page must answer
< 400, pass axe-core (WCAG 2.0/2.1 A+AA, WCAG 2.2 AA), and have one <h1>, one <main>, the right
html[lang] and a skip link as its first focusable element. Each distinct pattern is then visited
again in zh-hant, in en, and with high contrast + 200% text. See docs/testing.md.

The results are written to test-artifacts/a11y-report.json; PNGs of the admin's pages go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict, deque
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from a11y import check_structure, run_axe, save_screenshot
from browserkit import ARTIFACTS, DEMO_ROLES, new_context, sign_in

pytestmark = pytest.mark.browser

ROLES = ["anonymous", *DEMO_ROLES]
SEEDS = ["/", "/staff/"]
MAX_PAGES_PER_ROLE = 400
DEFAULT_LANGUAGE = "zh-hans"
VARIANTS = {
    # name: (language cookie, display cookie, html classes the page must carry)
    "zh-hant": ("zh-hant", None, ()),
    "en": ("en", None, ()),
    "high-contrast-200": (DEFAULT_LANGUAGE, "size=200&contrast=high", ("text-200", "contrast-high")),
}
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/api/", "/i18n/", "/jsi18n/")
API_PAGES = ("/api/docs/",)  # the API reference is our own HTML page; the rest of /api/ is JSON
SKIP_WORDS = re.compile(r"delete|remove|erase|withdraw|cancel|logout|log-out|signout|sign-out")
SCREENSHOT_ROLE = "admin"

LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
    .filter(a => !(a.getAttribute('rel') || '').toLowerCase().split(/\\s+/).includes('nofollow'))
    .filter(a => !a.hasAttribute('data-no-crawl') && !a.closest('[data-no-crawl]'))
    .filter(a => !a.hasAttribute('download'))
    .map(a => a.href)"""


# --- URL handling ---------------------------------------------------------------------------
def _route_of(path: str) -> str | None:
    try:
        from django.urls import resolve

        return "/" + resolve(path).route
    except Exception:  # noqa: BLE001 - Resolver404, or the urlconf cannot be imported here
        return None


def pattern_key(url: str) -> str:
    """One key per Django URL pattern; query-string URLs form one extra variant per pattern."""
    parts = urlsplit(url)
    route = _route_of(parts.path) or re.sub(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}|\d+", "<n>", parts.path
    )
    return route + ("?" if parts.query else "")


def crawlable(url: str, origin: str) -> str | None:
    """The normalised path+query to visit, or None if the crawler must not follow `url`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PREFIXES) and path not in API_PAGES:
        return None
    if SKIP_WORDS.search(path.lower()):
        return None
    return urlunsplit(("", "", path, parts.query, ""))


# --- results --------------------------------------------------------------------------------
@dataclass
class Visit:
    role: str
    variant: str
    url: str
    key: str
    found_on: str | None
    status: int | None = None
    final_url: str | None = None
    content_type: str = ""
    error: str | None = None
    violations: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    html_class: str = ""


@dataclass
class CrawlResult:
    visits: list[Visit] = field(default_factory=list)
    login_errors: list[str] = field(default_factory=list)
    patterns: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (role, url)
    seconds: dict[str, float] = field(default_factory=dict)
    capped: list[str] = field(default_factory=list)

    def by_variant(self, *variants: str) -> list[Visit]:
        return [v for v in self.visits if v.variant in variants]


def visit_page(page, ctx, url: str, *, role: str, variant: str, found_on: str | None,
               language: str, structure: bool = True) -> Visit:
    from playwright.sync_api import Error as PlaywrightError

    visit = Visit(role=role, variant=variant, url=url, key=pattern_key(url), found_on=found_on)
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as exc:
        if "Download is starting" in str(exc):
            r = ctx.request.get(url)
            visit.status, visit.content_type = r.status, r.headers.get("content-type", "")
            visit.final_url = url
        else:
            visit.error = str(exc).splitlines()[0]
        return visit
    if response is None:
        visit.error = "no response"
        return visit
    visit.status = response.status
    visit.final_url = page.url
    visit.content_type = response.headers.get("content-type", "")
    if "text/html" not in visit.content_type:
        return visit
    if not structure:
        # Third-party pages (Swagger UI) render with JavaScript: let them settle first.
        try:
            page.wait_for_load_state("networkidle", timeout=15_000)
        except PlaywrightError:
            pass
    visit.violations = run_axe(page)
    if structure:
        visit.problems, info = check_structure(page, language)
        visit.html_class = info.get("htmlClass") or ""
    return visit


def crawl_role(browser, server, role: str, result: CrawlResult) -> None:
    ctx = new_context(browser, server, language=DEFAULT_LANGUAGE)
    page = ctx.new_page()
    try:
        if role != "anonymous":
            error = sign_in(page, role)
            if error:
                result.login_errors.append(error)
                return
        queue: deque[tuple[str, str | None]] = deque((seed, None) for seed in SEEDS)
        queued = {pattern_key(seed) for seed in SEEDS}
        visited = 0
        while queue:
            if visited >= MAX_PAGES_PER_ROLE:
                result.capped.append(f"{role}: stopped after {visited} pages, {len(queue)} queued")
                break
            url, found_on = queue.popleft()
            visit = visit_page(page, ctx, url, role=role, variant="default", found_on=found_on,
                               language=DEFAULT_LANGUAGE, structure=True)
            visited += 1
            result.visits.append(visit)
            if visit.status is None or "text/html" not in visit.content_type:
                continue
            final = urlsplit(visit.final_url or "")
            final_path = urlunsplit(("", "", final.path, final.query, ""))
            final_key = pattern_key(final_path)
            queued.add(final_key)  # a redirect target counts as visited
            if visit.status < 400:
                # Revisit a pattern later with a role that reaches it without a redirect.
                result.patterns.setdefault(final_key, (role, final_path))
            if role == SCREENSHOT_ROLE and visit.status < 400:
                save_screenshot(page, ARTIFACTS / "screenshots", final_key)
            for href in page.evaluate(LINKS_JS):
                target = crawlable(href, server.url)
                if target is None:
                    continue
                key = pattern_key(target)
                if key not in queued:
                    queued.add(key)
                    queue.append((target, url))
    finally:
        ctx.close()


def revisit_variants(browser, server, result: CrawlResult) -> None:
    by_role: dict[str, list[str]] = defaultdict(list)
    for role, url in result.patterns.values():
        by_role[role].append(url)
    for variant, (language, display, classes) in VARIANTS.items():
        start = time.monotonic()
        for role, urls in by_role.items():
            ctx = new_context(browser, server, language=language, display=display)
            page = ctx.new_page()
            try:
                if role != "anonymous":
                    error = sign_in(page, role)
                    if error:
                        result.login_errors.append(f"{variant}: {error}")
                        continue
                    # Signing in may store the account's language in the cookie: ask again.
                    ctx.add_cookies([{"name": "everyreader_language", "value": language,
                                      "url": server.url}])
                for url in sorted(set(urls)):
                    visit = visit_page(page, ctx, url, role=role, variant=variant, found_on=None,
                                       language=language)
                    missing = [c for c in classes if c not in visit.html_class.split()]
                    if missing and visit.status and visit.status < 400:
                        visit.problems.append(
                            f"<html class={visit.html_class!r}> lacks {' '.join(missing)}"
                        )
                    result.visits.append(visit)
            finally:
                ctx.close()
        result.seconds[f"variant {variant}"] = round(time.monotonic() - start, 1)


# --- reporting ------------------------------------------------------------------------------
def violations_report(visits: list[Visit], limit: int = 12) -> str:
    rules: dict[str, dict] = {}
    for visit in visits:
        for v in visit.violations:
            rule = rules.setdefault(v["id"], {"impact": v["impact"], "help": v["help"],
                                             "url": v["helpUrl"], "hits": []})
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            more = f" (+{v['node_count'] - 3} more)" if v["node_count"] > 3 else ""
            rule["hits"].append(f"[{visit.role}/{visit.variant}] {visit.url}: {targets}{more}")
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    lines = []
    for rule_id, rule in sorted(rules.items(), key=lambda kv: (order.get(kv[1]["impact"], 9), kv[0])):
        lines.append(f"\n{rule_id} ({rule['impact']}): {rule['help']} — {len(rule['hits'])} page(s)")
        lines.append(f"    {rule['url']}")
        lines.extend(f"    {hit}" for hit in rule["hits"][:limit])
        if len(rule["hits"]) > limit:
            lines.append(f"    ... and {len(rule['hits']) - limit} more (see test-artifacts/a11y-report.json)")
    return "\n".join(lines)


def problems_report(visits: list[Visit], limit: int = 40) -> str:
    lines = [f"[{v.role}/{v.variant}] {v.url}: {p}" for v in visits for p in v.problems]
    extra = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + extra


def write_report(result: CrawlResult) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    data = {
        "seconds": result.seconds,
        "login_errors": result.login_errors,
        "capped": result.capped,
        "patterns": {k: {"role": r, "url": u} for k, (r, u) in sorted(result.patterns.items())},
        "visits": [asdict(v) for v in result.visits],
    }
    (ARTIFACTS / "a11y-report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))


# --- fixtures and tests ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def crawl(browser, server) -> CrawlResult:
    result = CrawlResult()
    for role in ROLES:
        start = time.monotonic()
        crawl_role(browser, server, role, result)
        result.seconds[f"crawl {role}"] = round(time.monotonic() - start, 1)
    write_report(result)
    return result


@pytest.fixture(scope="module")
def variants(browser, server, crawl) -> CrawlResult:
    revisit_variants(browser, server, crawl)
    write_report(crawl)
    return crawl


def test_demo_roles_can_sign_in(crawl):
    if crawl.login_errors:
        pytest.fail("\n".join(crawl.login_errors), pytrace=False)


def test_crawler_reaches_pages(crawl):
    counts = defaultdict(int)
    for visit in crawl.by_variant("default"):
        counts[visit.role] += 1
    assert counts["anonymous"] >= 3, f"the anonymous crawl found too few pages: {dict(counts)}"
    assert not crawl.capped, "crawl hit the page cap:\n" + "\n".join(crawl.capped)


def test_no_http_errors(crawl):
    bad = []
    for v in crawl.by_variant("default"):
        if v.error:
            bad.append(f"[{v.role}] {v.url}: {v.error} (linked from {v.found_on})")
        elif v.status is not None and v.status >= 400:
            if v.found_on is None and v.status == 403:
                continue  # a seed URL (/staff/) the role may not use; it was not linked
            why = "a link shown to this role is forbidden" if v.status == 403 else f"HTTP {v.status}"
            bad.append(f"[{v.role}] {v.url}: {why} (linked from {v.found_on or 'seed'})")
    if bad:
        pytest.fail(f"{len(bad)} page(s) failed:\n" + "\n".join(bad), pytrace=False)


def test_no_axe_violations(crawl):
    visits = crawl.by_variant("default")
    count = sum(1 for v in visits if v.violations)
    if count:
        pytest.fail(f"axe-core found violations on {count} page(s):" + violations_report(visits),
                    pytrace=False)


def test_page_structure(crawl):
    visits = crawl.by_variant("default")
    if any(v.problems for v in visits):
        pytest.fail("structure problems:\n" + problems_report(visits), pytrace=False)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_variant_pages(variants, variant):
    visits = variants.by_variant(variant)
    assert visits, f"no pages visited for {variant}"
    errors = [f"[{v.role}] {v.url}: {v.error or f'HTTP {v.status}'}" for v in visits
              if v.error or (v.status or 0) >= 400]
    failing = [v for v in visits if v.violations]
    message = ""
    if errors:
        message += "errors:\n" + "\n".join(errors) + "\n"
    if failing:
        message += f"axe-core found violations on {len(failing)} page(s):" + violations_report(visits)
    if any(v.problems for v in visits):
        message += "\nstructure problems:\n" + problems_report(visits)
    if message:
        pytest.fail(message, pytrace=False)
