"""Helpers for the accessibility crawler: axe-core, page structure checks, screenshots."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_TARGETS = 5


@lru_cache(maxsize=1)
def axe_source() -> str:
    """axe-core as shipped inside the axe-playwright-python package (no network needed)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def run_axe(page) -> list[dict]:
    """Runs axe-core on the current page and returns its violations, trimmed for reporting."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t),
                                          summary: n.failureSummary, html: n.html.slice(0, 300)})),
            }));
        }""",
        AXE_TAGS,
    )
    for violation in result:
        violation["node_count"] = len(violation["nodes"])
        violation["nodes"] = violation["nodes"][:MAX_TARGETS]
    return result


STRUCTURE_JS = """() => {
    const problems = [];
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(`expected exactly one <h1>, found ${h1}`);
    const mains = document.querySelectorAll('main').length;
    if (mains !== 1) problems.push(`expected exactly one <main>, found ${mains}`);
    const lang = document.documentElement.getAttribute('lang');
    // First element in sequential focus order (positive tabindex first, then document order).
    const selector = 'a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable=""], [contenteditable="true"]';
    const focusable = Array.from(document.querySelectorAll(selector)).filter(el => {
        if (el.disabled || el.tabIndex < 0) return false;
        if (el.matches('input[type=hidden]') || el.closest('[inert]')) return false;
        if (el.getClientRects().length === 0) return false;
        const style = getComputedStyle(el);
        return style.visibility !== 'hidden' && style.display !== 'none';
    });
    const positive = focusable.filter(el => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
    const ordered = positive.concat(focusable.filter(el => el.tabIndex === 0));
    const first = ordered[0];
    let skip = null;
    if (!first) {
        problems.push('no focusable element (expected a skip link first)');
    } else {
        const href = first.getAttribute('href') || '';
        const describe = first.outerHTML.slice(0, 160);
        if (first.tagName !== 'A' || !href.startsWith('#') || href.length < 2) {
            problems.push(`first focusable element is not a skip link: ${describe}`);
        } else if (!document.getElementById(decodeURIComponent(href.slice(1)))) {
            problems.push(`skip link target ${href} does not exist`);
        } else {
            skip = href;
        }
    }
    return {problems, lang, skip,
            htmlClass: document.documentElement.className,
            title: document.title};
}"""


def check_structure(page, expected_lang: str) -> tuple[list[str], dict]:
    info = page.evaluate(STRUCTURE_JS)
    problems = list(info["problems"])
    lang = (info.get("lang") or "").lower()
    if lang != expected_lang.lower():
        problems.append(f"html[lang] is {info.get('lang')!r}, expected {expected_lang!r}")
    if not (info.get("title") or "").strip():
        problems.append("empty <title>")
    return problems, info


def slug(text: str) -> str:
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return text or "root"


def save_screenshot(page, directory: Path, name: str) -> Path | None:
    """A full-page PNG of the current page (for humans reviewing the UI); never fails a test."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{slug(name)[:120]}.png"
    try:
        page.screenshot(path=str(path), full_page=True, timeout=15_000)
    except Exception:  # noqa: BLE001 - screenshots are a convenience
        return None
    return path


#: Language and display variants for the tests of pages the crawler cannot reach (after a post).
POST_PAGE_VARIANTS = [("zh-hans", None), ("en", None), ("zh-hans", "size=200&contrast=high")]


def check_page(page, label: str, language: str, problems: list) -> None:
    """Run axe-core and the structure checks on the page; add what is wrong to `problems`."""
    violations = run_axe(page)
    structure, _info = check_structure(page, language)
    if violations or structure:
        problems.append({"page": label, "url": page.url, "structure": structure,
                         "axe": [(v["id"], v["help"], v["nodes"][:2]) for v in violations]})
