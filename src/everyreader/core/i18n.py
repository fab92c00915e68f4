"""Translation catalogues: one per app in <app>/locale/. English is the source language (msgids);
zh_Hans is written by people; zh_Hant is converted from zh_Hans with OpenCC plus a small table
of Traditional-usage fixes (to_traditional, HANT_TERMS), then reviewed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.apps import apps

LOCALES = ("zh_Hans", "zh_Hant")


def project_apps() -> list[Path]:
    return [Path(c.path) for c in apps.get_app_configs() if c.name.startswith("everyreader.")]


def run_makemessages(app_dir: Path, *, keep_pot: bool = False) -> None:
    """Run makemessages inside one app directory (needs GNU xgettext). -P keeps the app
    directory off sys.path, where core/selectors.py would shadow the standard library."""
    cmd = [sys.executable, "-P", "-m", "django", "makemessages", "--no-location", "--no-obsolete",
           "--ignore", "tests/*", "--ignore", "migrations/*"]
    for locale in LOCALES:
        cmd += ["-l", locale]
    if keep_pot:
        cmd.append("--keep-pot")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "everyreader.config.settings"}
    (app_dir / "locale").mkdir(exist_ok=True)
    subprocess.run(cmd, cwd=app_dir, env=env, check=True, capture_output=True)


def hant_converter():
    import opencc

    return opencc.OpenCC("s2t")


# OpenCC's s2t changes characters only, not vocabulary: its output is Traditional script with
# mainland wording ("登錄", "默認", "數據") and some variant characters ("爲", "裏", "啓") that
# Taiwan/Hong Kong readers do not use. This table fixes the wording after conversion.
# Longer phrases are listed before the shorter ones they contain ("退出登錄" before "登錄",
# "個人信息" before "信息"); all are applied in one regex pass, longest match first, so a
# replacement is never rewritten again (no chains such as 文檔 → 文件 → something else).
HANT_TERMS: dict[str, str] = {
    "退出登錄": "登出",  # sign out
    "登錄": "登入",  # sign in
    "賬戶": "帳戶",  # account
    "賬號": "帳號",  # account / username
    "默認": "預設",  # default
    "鏈接": "連結",  # link
    "鼠標": "滑鼠",  # mouse
    "個人信息": "個人資料",  # personal details
    "信息": "資訊",  # information
    "數據": "資料",  # data
    "設置": "設定",  # settings
    "文檔": "文件",  # documentation
    "打印": "列印",  # print
    "盲文": "點字",  # braille
    "爲": "為",
    "裏": "裡",
    "啓": "啟",
    "臺": "台",  # 工作臺 → 工作台
    "檯": "台",
    "“": "「",  # quotation marks
    "”": "」",
}
_HANT_TERMS_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(HANT_TERMS, key=len, reverse=True))
)


def to_traditional(text: str, converter=None) -> str:
    """Simplified → Traditional Chinese: OpenCC s2t, then the HANT_TERMS usage fixes."""
    converted = (converter or hant_converter()).convert(text)
    return _HANT_TERMS_RE.sub(lambda m: HANT_TERMS[m.group(0)], converted)


def fill_traditional(app_dir: Path) -> int:
    """Fill empty zh_Hant entries from zh_Hans with to_traditional (OpenCC + HANT_TERMS).
    Returns how many were filled."""
    hans_path = app_dir / "locale/zh_Hans/LC_MESSAGES/django.po"
    hant_path = app_dir / "locale/zh_Hant/LC_MESSAGES/django.po"
    if not hans_path.exists() or not hant_path.exists():
        return 0
    converter = hant_converter()
    hans = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(hans_path))}
    hant = polib.pofile(str(hant_path))
    filled = 0
    for entry in hant:
        source = hans.get((entry.msgctxt, entry.msgid))
        if source is None or not source.translated():
            continue
        if not entry.translated() or "fuzzy" in entry.flags:
            if source.msgid_plural:
                entry.msgstr_plural = {
                    k: to_traditional(v, converter) for k, v in source.msgstr_plural.items()
                }
            else:
                entry.msgstr = to_traditional(source.msgstr, converter)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            filled += 1
    hant.save()
    return filled


def untranslated(app_dir: Path) -> dict[str, list[str]]:
    """msgids with no translation (or only a fuzzy one), per locale."""
    result: dict[str, list[str]] = {}
    for locale in LOCALES:
        path = app_dir / f"locale/{locale}/LC_MESSAGES/django.po"
        if not path.exists():
            continue
        catalogue = polib.pofile(str(path))
        missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        if missing:
            result[locale] = missing
    return result


def extracted_msgids(app_dir: Path) -> set[tuple[str | None, str]]:
    """The msgids the app's code and templates use now, extracted into a scratch copy."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / app_dir.name
        shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "tests", "migrations"))
        run_makemessages(copy)
        po = copy / "locale/zh_Hans/LC_MESSAGES/django.po"
        if not po.exists():
            return set()
        return {(e.msgctxt, e.msgid) for e in polib.pofile(str(po))}


def catalogue_msgids(app_dir: Path, locale: str) -> set[tuple[str | None, str]]:
    path = app_dir / f"locale/{locale}/LC_MESSAGES/django.po"
    if not path.exists():
        return set()
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}
