"""Translation catalogues: one per app in <app>/locale/. English is the source language (msgids);
zh_Hans is written by people; zh_Hant is converted from zh_Hans with OpenCC, then reviewed."""

from __future__ import annotations

import os
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


def fill_traditional(app_dir: Path) -> int:
    """Fill empty zh_Hant entries from zh_Hans through OpenCC. Returns how many were filled."""
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
                entry.msgstr_plural = {k: converter.convert(v) for k, v in source.msgstr_plural.items()}
            else:
                entry.msgstr = converter.convert(source.msgstr)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
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
