from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def field_encryption_key_check(app_configs, **kwargs):
    if settings.FIELD_ENCRYPTION_KEYS[0] == settings.DEV_FIELD_ENCRYPTION_KEY:
        return [Warning(
            "EVERYREADER_FIELD_ENCRYPTION_KEY is not set: sensitive reader data would be encrypted "
            "with the public development key.",
            hint="Set EVERYREADER_FIELD_ENCRYPTION_KEY to a long random secret (see docs/operations.md).",
            id="everyreader.W001",
        )]
    return []
