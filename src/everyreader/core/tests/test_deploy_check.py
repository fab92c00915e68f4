import os
import secrets
import subprocess
import sys


def test_check_deploy_reports_nothing_with_real_secrets(tmp_path):
    env = {
        **os.environ,
        "EVERYREADER_DEBUG": "0",
        "EVERYREADER_SECRET_KEY": secrets.token_urlsafe(50),
        "EVERYREADER_FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "EVERYREADER_DATA_DIR": str(tmp_path),
        "EVERYREADER_ALLOWED_HOSTS": "library.example",
        "DJANGO_SETTINGS_MODULE": "everyreader.config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-P", "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_development_encryption_key(tmp_path):
    env = {
        **os.environ,
        "EVERYREADER_DEBUG": "0",
        "EVERYREADER_SECRET_KEY": secrets.token_urlsafe(50),
        "EVERYREADER_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "everyreader.config.settings",
    }
    env.pop("EVERYREADER_FIELD_ENCRYPTION_KEY", None)
    result = subprocess.run(
        [sys.executable, "-P", "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode != 0
    assert "everyreader.W001" in result.stdout + result.stderr
