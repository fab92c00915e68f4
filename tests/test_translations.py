"""The suite fails when any user-visible string lacks a translation in zh-hans or zh-hant."""

import shutil

import pytest

from everyreader.core import i18n

pytestmark = pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")


@pytest.mark.parametrize("app_dir", i18n.project_apps(), ids=lambda p: p.name)
def test_every_string_is_in_the_catalogues_and_translated(app_dir):
    used = i18n.extracted_msgids(app_dir)
    for locale in i18n.LOCALES:
        missing_from_catalogue = used - i18n.catalogue_msgids(app_dir, locale)
        assert not missing_from_catalogue, (
            f"{app_dir.name}/{locale}: strings not in the catalogue (run `everyreader make_translations`): "
            f"{sorted(m for _, m in missing_from_catalogue)[:20]}"
        )
    untranslated = i18n.untranslated(app_dir)
    assert not untranslated, f"{app_dir.name}: untranslated strings: {untranslated}"
