"""Circulation over HTTP: checkouts and check-ins per second under concurrent load.

    ./.venv/bin/python bench/circulation_http.py --db sqlite --duration 20
    ./.venv/bin/python bench/circulation_http.py --db postgres --duration 20
    options: --readers N  --items M  --workers W (gunicorn)  --connections C  --threads T (wrk)
             --profile N  (no load run: N checkouts in-process under pyinstrument + query counts)

Builds a fresh database with N readers and M available items (bulk inserts), starts gunicorn
(sync workers) on 127.0.0.1 as in production (DEBUG off, SQLite in WAL mode), then drives it with
wrk (bench/circulation_wrk.lua): first GET /healthz (the ceiling: the cheapest Django view, one
`SELECT 1` through the whole middleware stack), then POST checkouts with distinct item barcodes
and token authentication for --duration seconds, then check-ins of every item checked out.
Afterwards it counts in the database: every 2xx checkout has exactly one loan, no loan without a
2xx answer, no item with two open loans, one statistics record per loan, item statuses agree.

PostgreSQL: a throw-away cluster is started the way `./dev test` does (initdb on a free port,
removed afterwards), unless EVERYREADER_BENCH_DATABASE_URL names a database to use instead (it is
dropped and created again). wrk is installed with apt when missing and running as root.
Writes bench/results/circulation_<db>.json and the circulation section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
WORK = BENCH / "data" / "circulation_http"
LUA = BENCH / "circulation_wrk.lua"
sys.path[:0] = [str(ROOT / "src"), str(BENCH)]

import circulation_bench_data as data  # noqa: E402  (bench/ is on sys.path)
from circulation_bench_pg import ThrowAwayCluster, reset_database  # noqa: E402


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit("wrk is missing: apt-get install wrk (or run this script as root to install it)")
    print("Installing wrk with apt-get", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return shutil.which("wrk")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "everyreader.config.settings",
            "EVERYREADER_DATABASE_URL": database_url, "EVERYREADER_DATA_DIR": str(WORK / "data"),
            "EVERYREADER_DEBUG": "0", "EVERYREADER_SSL_REDIRECT": "0",
            "EVERYREADER_SECURE_COOKIES": "0", "EVERYREADER_STATIC_FROM_FINDERS": "1",
            "EVERYREADER_LOG_LEVEL": "WARNING", "EVERYREADER_ALLOWED_HOSTS": "127.0.0.1"}


class Server:
    """gunicorn with sync workers on a free loopback port."""

    def __init__(self, database_url: str, workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = WORK / "gunicorn.log"
        cmd = [sys.executable, "-m", "gunicorn", "everyreader.config.wsgi:application",
               "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
               "--worker-class", "sync", "--backlog", "2048", "--log-level", "warning",
               "--error-logfile", str(self.log), "--preload"]
        self.process = subprocess.Popen(cmd, env=server_env(database_url), cwd=ROOT,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit("gunicorn did not answer /healthz within 60 s")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the gunicorn master and its workers (from /proc)."""
        return tree_cpu_seconds(self.process.pid)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def tree_cpu_seconds(root_pid: int | None) -> float:
    """CPU time used so far by a process and its direct children (from /proc); 0 without a pid."""
    if not root_pid:
        return 0.0
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == root_pid or int(fields[1]) == root_pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


DB_PID: int | None = None  # the PostgreSQL postmaster when the run started a throw-away cluster


def run_wrk(wrk, server, mode, *, duration, threads, connections, token="-", path="/healthz",
            barcodes="-", readers="-") -> dict:
    prefix = WORK / f"wrk-{mode}-"
    for old in WORK.glob(f"wrk-{mode}-*.log"):
        old.unlink()
    cmd = [wrk, "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
           "-s", str(LUA), server.url, "--", mode, str(barcodes), str(readers), token, path, str(prefix),
           str(threads)]
    started_load = load()
    server_cpu, wrk_cpu = server.cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
    db_cpu = tree_cpu_seconds(DB_PID)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    server_cpu = server.cpu_seconds() - server_cpu
    db_cpu = tree_cpu_seconds(DB_PID) - db_cpu
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = used.ru_utime + used.ru_stime - wrk_cpu.ru_utime - wrk_cpu.ru_stime
    line = next(x for x in out.splitlines() if x.startswith("BENCH-JSON "))
    result = json.loads(line.removeprefix("BENCH-JSON "))
    seconds = result["duration_us"] / 1e6
    lat = result["latency_us"]
    summary = {
        "mode": mode, "requests": result["requests"], "ok": result["ok"], "failed": result["failed"],
        "seconds": round(seconds, 2), "per_second": round(result["ok"] / seconds, 1),
        "p50_ms": round(lat["p50"] / 1000, 1), "p90_ms": round(lat["p90"] / 1000, 1),
        "p99_ms": round(lat["p99"] / 1000, 1), "p999_ms": round(lat["p999"] / 1000, 1),
        "max_ms": round(lat["max"] / 1000, 1),
        # CPU per answered request: robust to other load on the machine, unlike the rates.
        "server_cpu_ms_per_request": round(1000 * server_cpu / max(1, result["requests"]), 2),
        "wrk_cpu_ms_per_request": round(1000 * wrk_cpu / max(1, result["requests"]), 2),
        **({"database_cpu_ms_per_request": round(1000 * db_cpu / max(1, result["requests"]), 2)}
           if DB_PID else {}),
        "socket_errors": {k: result[k] for k in ("connect_errors", "read_errors", "write_errors",
                                                  "timeouts")},
        "load_average_start": started_load, "load_average_end": load(),
    }
    if mode != "get":
        summary["responses"] = read_responses(prefix)
    print(f"  {mode:<9} {summary['per_second']:8.1f}/s  ok={summary['ok']} failed={summary['failed']}"
          f"  p50={summary['p50_ms']} ms  p99={summary['p99_ms']} ms"
          f"  server CPU {summary['server_cpu_ms_per_request']} ms/request"
          + (f" + database {summary['database_cpu_ms_per_request']}" if DB_PID else "")
          + f"  load {summary['load_average_end']}",
          flush=True)
    return summary


def read_responses(prefix: Path) -> dict:
    """From the wrk thread logs: barcodes sent, loan ids and barcodes answered with 2xx, the count
    of other statuses and a few of their bodies."""
    sent, ok_ids, ok_barcodes, others, samples = [], [], [], {}, []
    for log in sorted(prefix.parent.glob(prefix.name + "*.log")):
        for line in log.read_text().splitlines():
            if line.startswith("> "):
                sent.append(line[2:])
            elif line.startswith("# "):
                samples.append(line[2:])
            else:
                status, loan, barcode = line.split(" ", 2)
                if status.startswith("2"):
                    ok_ids.append(loan)
                    ok_barcodes.append(barcode)
                else:
                    others[status] = others.get(status, 0) + 1
    answered = len(ok_ids) + sum(others.values())
    return {"sent": sent, "ok_loan_ids": ok_ids, "ok_barcodes": ok_barcodes, "other_statuses": others,
            "unanswered": len(sent) - answered, "error_samples": samples[:5]}


def machine(db: str) -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "database": data.database_version(), "platform": platform.platform(),
            "wrk": wrk_version.split("[")[0].strip() or "wrk", "backend": db}


def main(argv=None):
    global DB_PID
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, default=20, help="seconds per load phase")
    parser.add_argument("--readers", type=int, default=2000)
    parser.add_argument("--items", type=int, default=15000,
                        help="available items (more than the checkouts the run can make)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="gunicorn sync workers (default: one per core, the fastest here)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--conn-max-age", type=int, default=None,
                        help="EVERYREADER_DB_CONN_MAX_AGE for the server (default: the setting's)")
    parser.add_argument("--pg-socket", action="store_true",
                        help="connect to the throw-away PostgreSQL cluster over its Unix socket, not TCP")
    parser.add_argument("--label", default="", help="kept in the results file name, e.g. 'before'")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile N in-process checkouts instead of the load run")
    args = parser.parse_args(argv)

    wrk = ensure_wrk()
    import importlib.util

    if importlib.util.find_spec("gunicorn") is None:
        sys.exit("gunicorn is missing: ./.venv/bin/pip install -e '.[bench]'")
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "data").mkdir(parents=True)
    cluster = None
    if args.db == "sqlite":
        database_url = f"sqlite:///{WORK / 'data' / 'circulation.sqlite3'}"
    elif os.environ.get("EVERYREADER_BENCH_DATABASE_URL"):
        database_url = os.environ["EVERYREADER_BENCH_DATABASE_URL"]
        reset_database(database_url)
    else:
        cluster = ThrowAwayCluster()
        database_url = cluster.start(unix_socket=args.pg_socket)
        DB_PID = cluster.postmaster_pid()
    if args.conn_max_age is not None:
        os.environ["EVERYREADER_DB_CONN_MAX_AGE"] = str(args.conn_max_age)
    server = None
    try:
        os.environ.update(server_env(database_url))
        started = time.perf_counter()
        fixture = data.build(readers=args.readers, items=args.items)
        print(f"Built {args.readers:,} readers and {args.items:,} items in "
              f"{time.perf_counter() - started:.1f} s ({data.database_version()})", flush=True)
        machine_info = machine(args.db)
        (WORK / "barcodes.txt").write_text("\n".join(fixture["barcodes"]) + "\n")
        (WORK / "readers.txt").write_text("\n".join(fixture["cards"]) + "\n")
        if args.profile:
            data.profile_checkouts(fixture, args.profile, WORK)
            return
        queries = data.query_counts(fixture)
        print(f"Queries per transaction: {queries}", flush=True)
        data.close_connections()
        server = Server(database_url, args.workers)
        common = {"threads": args.threads, "connections": args.connections}
        run_wrk(wrk, server, "get", duration=3, **common)  # warm every worker
        ceiling = run_wrk(wrk, server, "get", duration=args.duration, **common)
        before = data.counts()
        checkout = run_wrk(wrk, server, "checkout", duration=args.duration,
                           token=fixture["token"], path=data.CHECKOUT_PATH,
                           barcodes=WORK / "barcodes.txt", readers=WORK / "readers.txt", **common)
        after_checkout = data.settled_counts()
        (WORK / "on_loan.txt").write_text("\n".join(data.on_loan_barcodes()) + "\n")
        checkin = run_wrk(wrk, server, "checkin", duration=args.duration,
                          token=fixture["token"], path=data.CHECKIN_PATH,
                          barcodes=WORK / "on_loan.txt", readers=WORK / "readers.txt", **common)
        data.settled_counts()
        server.stop()
        verification = data.verify(before, after_checkout, checkout, checkin,
                                   connections=args.connections)
    finally:
        if server:
            server.stop()
        data.close_connections()
        if cluster:
            cluster.stop()
    for phase in (checkout, checkin):
        for key in ("sent", "ok_loan_ids", "ok_barcodes"):
            phase["responses"].pop(key)
    result = {
        "backend": args.db, "machine": machine_info,
        "label": args.label,
        "settings": {**({"postgres_connection": "unix socket" if args.pg_socket else "tcp 127.0.0.1"}
                        if args.db == "postgres" else {}),
                     "conn_max_age": os.environ.get("EVERYREADER_DB_CONN_MAX_AGE", "60"), "readers": args.readers, "items": args.items, "gunicorn_workers": args.workers,
                     "wrk_threads": args.threads, "wrk_connections": args.connections,
                     "duration_s": args.duration},
        "ceiling": {**ceiling, "endpoint": "GET /healthz"}, "checkout": checkout, "checkin": checkin,
        "queries_per_request": queries,
        "verification": verification,
        "target": {"checkouts_per_second": 200, "p99_ms": 100},
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.mkdir(exist_ok=True)
    name = f"circulation_{args.db}" + (f"_{args.label}" if args.label else "")
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    import circulation_results

    circulation_results.write_section()
    print(json.dumps(verification, indent=2))
    if not verification["ok"]:
        sys.exit("verification FAILED: lost or duplicated transactions (see above)")


if __name__ == "__main__":
    main()
