"""Fixtures for the browser tests: a real EveryReader server and Debian's Chromium.

The tests talk to the server over HTTP only; they never use pytest-django's database fixtures.
The server runs in a subprocess with its own throw-away data directory (SQLite), migrated and
loaded with the demo data, exactly as `./dev demo` would do.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browserkit import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS


def _everyreader_command() -> list[str]:
    script = Path(sys.executable).with_name("everyreader")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "everyreader.config.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, data_dir: Path, log_path: Path):
        self.url = url
        self.data_dir = data_dir
        self.log_path = log_path

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@pytest.fixture(scope="session")
def server_env(tmp_path_factory) -> dict[str, str]:
    data_dir = Path(tempfile.mkdtemp(prefix="everyreader-browser-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVERYREADER_")}
    env.update(
        EVERYREADER_DATA_DIR=str(data_dir),
        EVERYREADER_DEBUG="0",
        EVERYREADER_STATIC_FROM_FINDERS="1",
        EVERYREADER_TASKS_IMMEDIATE="1",
        EVERYREADER_ALLOWED_HOSTS="127.0.0.1,localhost",
        EVERYREADER_SECURE_COOKIES="0",
        EVERYREADER_SSL_REDIRECT="0",
        EVERYREADER_HSTS_SECONDS="0",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    yield env
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def server(server_env) -> Server:
    """A running `everyreader runserver` on a free port with the demo data loaded."""
    ARTIFACTS.mkdir(exist_ok=True)
    data_dir = Path(server_env["EVERYREADER_DATA_DIR"])
    log_path = ARTIFACTS / "browser-server.log"
    cmd = _everyreader_command()
    with open(log_path, "w") as log:
        for args in (["migrate", "--noinput"], ["createcachetable"], ["seed_demo"]):
            log.write(f"$ everyreader {' '.join(args)}\n")
            log.flush()
            result = subprocess.run(
                cmd + args, env=server_env, cwd=data_dir, stdout=log, stderr=subprocess.STDOUT,
                timeout=600,
            )
            if result.returncode != 0:
                pytest.fail(
                    f"`everyreader {' '.join(args)}` failed (exit {result.returncode}); "
                    f"see {log_path}:\n" + Server("", data_dir, log_path).log_tail(),
                    pytrace=False,
                )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(log_path, "a")
    log.write(f"$ everyreader runserver --noreload --insecure 127.0.0.1:{port}\n")
    log.flush()
    proc = subprocess.Popen(
        cmd + ["runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        env=server_env, cwd=data_dir, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    srv = Server(url, data_dir, log_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the server exited with {proc.returncode}:\n{srv.log_tail()}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer /healthz within 60 s:\n{srv.log_tail()}", pytrace=False)
            time.sleep(0.3)
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found (apt-get install chromium, or set EVERYREADER_CHROMIUM)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield b
    b.close()
