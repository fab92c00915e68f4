"""A throw-away PostgreSQL cluster for bench/circulation_http.py, started like `./dev test` does.

Unlike the test cluster, commits are written to disk (fsync and full-page writes stay on); only
`synchronous_commit=off` is set, the same durability as SQLite's WAL mode with
`synchronous=NORMAL` (a crash may lose the last commits, never corrupts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from urllib.parse import quote
from pathlib import Path


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reset_database(url: str) -> None:
    """Drop and create the database named in URL (connecting to its server's `postgres`)."""
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    admin = f"{base}/postgres".replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        # The name comes from the operator's own environment variable, quoted as an identifier.
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))


class ThrowAwayCluster:
    def __init__(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
        if not bins or not (bins[-1] / "initdb").exists():
            raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = bins[-1]
        self.dir = None
        self.runas = []

    def _run(self, *cmd, **kwargs):
        return subprocess.run([*self.runas, *map(str, cmd)], cwd="/tmp", check=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)

    def start(self, *, unix_socket: bool = False) -> str:
        """Start the cluster; the URL connects over TCP on 127.0.0.1, or over its Unix socket."""
        self.dir = Path(tempfile.mkdtemp(prefix="everyreader-bench-pg."))
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            subprocess.run(["id", "postgres"], check=True, stdout=subprocess.DEVNULL)
            shutil.chown(self.dir, "postgres")
            self.runas = ["runuser", "-u", "postgres", "--"]
        port = _free_port()
        self._run(self.bin / "initdb", "-D", self.dir / "data", "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--no-locale", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={self.dir} "
                   "-c synchronous_commit=off -c max_connections=60 -c shared_buffers=128MB")
        self._run(self.bin / "pg_ctl", "-D", self.dir / "data", "-l", self.dir / "server.log",
                  "-w", "-t", "60", "-o", options, "start")
        self.port = port
        subprocess.run([self.bin / "psql", "-q", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                        "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                        "-c", "CREATE ROLE everyreader LOGIN SUPERUSER PASSWORD 'everyreader'",
                        "-c", "CREATE DATABASE everyreader OWNER everyreader"],
                       check=True, stdout=subprocess.DEVNULL)
        version = subprocess.run([self.bin / "postgres", "-V"], capture_output=True, text=True).stdout
        print(f"PostgreSQL {version.split()[2]} throw-away cluster on 127.0.0.1:{port} ({self.dir})",
              flush=True)
        if unix_socket:
            return f"postgres://everyreader:everyreader@{quote(str(self.dir), safe='')}:{port}/everyreader"
        return f"postgres://everyreader:everyreader@127.0.0.1:{port}/everyreader"

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self):
        if self.dir and (self.dir / "data" / "postmaster.pid").exists():
            subprocess.run([*self.runas, self.bin / "pg_ctl", "-D", self.dir / "data", "-m", "fast",
                            "-w", "stop"], cwd="/tmp", stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
