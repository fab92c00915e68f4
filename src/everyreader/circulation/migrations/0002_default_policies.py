"""Seed the default policy matrix and the reader category for verified print-disabled readers."""

from django.db import migrations

from everyreader.circulation.policies import DEFAULT_POLICIES, PRINT_DISABLED_CATEGORY


def seed(apps, schema_editor):
    Policy = apps.get_model("circulation", "CirculationPolicy")
    Definition = apps.get_model("readers", "ReaderCategoryDefinition")
    code, hans, hant, en, order = PRINT_DISABLED_CATEGORY
    Definition.objects.get_or_create(code=code, defaults={
        "label_zh_hans": hans, "label_zh_hant": hant, "label_en": en, "order": order})
    for category, fmt, fields in DEFAULT_POLICIES:
        Policy.objects.get_or_create(reader_category=category, format=fmt, branch=None, defaults=fields)


class Migration(migrations.Migration):

    dependencies = [
        ("circulation", "0001_initial"),
        ("readers", "0004_reader_categories"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
