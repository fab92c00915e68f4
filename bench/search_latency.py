"""Search benchmark: index 250,000 LoC records and time the fixed query set.

    /work/main/.venv/bin/python bench/search_latency.py --backend sqlite
    /work/main/.venv/bin/python bench/search_latency.py --backend postgresql \
        [--database-url postgres://er:er@127.0.0.1:55432/er_search_bench]
    options: --limit N (records), --reps N, --skip-index (reuse the index built last time)

Per query it measures our search() (facets, ranking, year ranges, pagination included), the raw
engine query alone (the floor: FTS5 MATCH / tsquery, count plus one page of ids ranked by the
engine's bm25 / ts_rank_cd, see floor_query; the earlier ranking-free floor is reported beside
it) and a naive ORM
``icontains`` search over a plain table of the same titles and authors (the baseline). Writes
bench/results/search_<backend>.json and the search section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
DEFAULT_PG = "postgres://er:er@127.0.0.1:55432/er_search_bench"


def percentile(values, p):
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def setup_django(backend: str, database_url: str) -> None:
    sys.path[:0] = [str(ROOT / "src"), str(BENCH)]
    if backend == "sqlite":
        database_url = f"sqlite:///{BENCH / 'data' / 'search_bench.sqlite3'}"
    else:
        ensure_pg_database(database_url)
    os.environ["EVERYREADER_DATABASE_URL"] = database_url
    os.environ.setdefault("EVERYREADER_DATA_DIR", str(BENCH / "data"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "everyreader.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    try:
        psycopg.connect(url.replace("postgres://", "postgresql://")).close()
    except psycopg.OperationalError:
        with psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://"),
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # our own constant/CLI value, not user input


def plain_model():
    """The baseline: a plain table of titles and authors, searched with icontains."""
    from django.db import models

    class BenchPlainRecord(models.Model):
        object_id = models.BigIntegerField()
        title = models.TextField()
        authors = models.TextField()

        class Meta:
            app_label = "search"
            managed = False
            db_table = "bench_plain_record"

    return BenchPlainRecord


def build_index(documents, plain) -> dict:
    from django.db import connection, transaction

    from everyreader.search.services import analyse, clear, index_documents

    clear("record")
    with connection.schema_editor() as editor:
        if "bench_plain_record" in connection.introspection.table_names():
            editor.delete_model(plain)
        editor.create_model(plain)
    sample = documents[-min(20000, len(documents)) :]  # unseen by the caches below
    started = time.process_time()
    for document in sample:
        analyse(document)
    analyse_rate = len(sample) / (time.process_time() - started)
    cpu_started, started = time.process_time(), time.perf_counter()
    index_documents(documents, batch_size=1000)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    with transaction.atomic():
        plain.objects.bulk_create(
            [plain(object_id=d.object_id, title=d.title, authors=" ; ".join(d.authors))
             for d in documents], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"records": len(documents), "seconds": round(seconds, 2),
            "records_per_second": round(len(documents) / seconds),
            "records_per_cpu_second": round(len(documents) / cpu_seconds),
            "analysis_records_per_cpu_second": round(analyse_rate)}


def baseline_search(plain, spec):
    from django.db.models import Q

    from everyreader.core.text import normalize

    qs = plain.objects.all()
    for word in normalize(spec.get("text", "")).split():
        qs = qs.filter(Q(title__icontains=word) | Q(authors__icontains=word))
    total = qs.count()
    page = list(qs.order_by("title", "id").values_list("object_id", flat=True)[:20])
    return total, page


def floor_query(spec, ranked=True):
    """The floor (the issue's "raw engine query alone"): the engine answering the same query --
    count the documents matching the same analysed text and facet filter tokens, and return
    one page of ids ranked by the engine's own ranking function with the same field weights
    (two statements: FTS5 MATCH ... ORDER BY bm25(...) on SQLite, tsquery @@ with the GIN index
    ORDER BY ts_rank_cd(...) on PostgreSQL). A browse (no text) has nothing to rank: its page
    is in the engine's own order. No facet counts, no year ranges, no join to the document
    table (so a year filter is not applied either). ranked=False: the page in the engine's own
    order for text queries too (the bench's earlier floor, reported beside it)."""
    from django.db import connection

    from everyreader.core.text import query_groups
    from everyreader.search.backends import get_backend

    groups = query_groups(spec.get("text", ""))
    clauses = list(spec.get("filters", {}).items())
    if not groups and not clauses:
        return None
    page_size = 20
    backend = get_backend()
    count_sql, count_params = backend.floor_sql(groups, clauses)
    page_sql, page_params = backend.floor_sql(
        groups, clauses, page=(page_size, (spec.get("page", 1) - 1) * page_size), ranked=ranked)

    def run():
        with connection.cursor() as cursor:
            cursor.execute(count_sql, count_params)
            total = cursor.fetchone()[0]
            cursor.execute(page_sql, page_params)
            cursor.fetchall()
            return total

    return run


def timed(fn, reps, cpu=None):
    """Wall-clock milliseconds per run; with a list as cpu, also this process's CPU time (which
    on SQLite is all of the work, and unlike wall-clock time does not grow while other programs
    hold the CPU)."""
    times, result = [], None
    for _ in range(reps):
        cpu_started, started = time.process_time(), time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - cpu_started) * 1000)
    return times, result


def run_queries(queries, plain, reps, baseline_reps) -> list[dict]:
    from everyreader.search.selectors import SearchQuery, search

    rows = []
    for spec in queries:
        query = SearchQuery(text=spec.get("text", ""), filters=spec.get("filters", {}),
                            year_from=spec.get("year_from"), year_to=spec.get("year_to"),
                            page=spec.get("page", 1))
        search(query)  # warm caches (jieba, page cache)
        cpu: list[float] = []
        ours, result = timed(lambda: search(query), reps, cpu)
        row = {"label": spec["label"], "text": spec.get("text", ""),
               "filters": spec.get("filters", {}), "total": result.total,
               "estimated": result.estimated, "counts_estimated": result.counts_estimated,
               "suggestion": result.suggestion,
               "ours_ms": {"p50": percentile(ours, 50), "p95": percentile(ours, 95),
                           "min": min(ours)},
               "ours_cpu_ms": {"p50": percentile(cpu, 50), "p95": percentile(cpu, 95)},
               "server_ms_reported": round(result.elapsed_ms, 2), "samples": ours,
               "cpu_samples": cpu}
        floor = floor_query(spec)
        if floor:
            floor()
            floor_cpu: list[float] = []
            floor_times, matched = timed(floor, reps, floor_cpu)
            row["floor_ms"] = {"p50": percentile(floor_times, 50), "p95": percentile(floor_times, 95),
                               "min": min(floor_times)}
            row["floor_cpu_ms"] = {"p50": percentile(floor_cpu, 50), "min": min(floor_cpu)}
            row["floor_matches"] = matched
            row["ours_over_floor"] = row["ours_ms"]["min"] / max(row["floor_ms"]["min"], 0.001)
            row["ours_over_floor_cpu"] = (min(cpu) / max(min(floor_cpu), 0.001))
            unranked = floor_query(spec, ranked=False)
            unranked()
            unranked_times, _ = timed(unranked, reps)
            row["unranked_floor_ms"] = {"p50": percentile(unranked_times, 50),
                                        "min": min(unranked_times)}
            row["ours_over_unranked_floor"] = row["ours_ms"]["min"] / max(min(unranked_times), 0.001)
        base_times, (base_total, _) = timed(lambda: baseline_search(plain, spec), baseline_reps)
        row["baseline_ms"] = {"p50": percentile(base_times, 50)}
        row["baseline_total"] = base_total
        rows.append(row)
        print(f"{spec['label']:28} {spec.get('text', '')[:22]:22} total={result.total:7} "
              f"ours p50={row['ours_ms']['p50']:7.2f} p95={row['ours_ms']['p95']:7.2f} "
              f"cpu p95={row['ours_cpu_ms']['p95']:7.2f} "
              f"floor={row.get('floor_ms', {}).get('p50', 0):7.2f} "
              f"baseline={row['baseline_ms']['p50']:8.1f}", flush=True)
    return rows


def machine(backend) -> dict:
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if backend == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "database": f"{backend} {version}", "platform": platform.platform(),
            "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()]}


def summarise(rows) -> dict:
    samples = [t for r in rows for t in r["samples"]]
    cpu = [t for r in rows for t in r["cpu_samples"]]
    ratios = [r["ours_over_floor"] for r in rows if "ours_over_floor" in r]
    unranked = [r["ours_over_unranked_floor"] for r in rows if "ours_over_unranked_floor" in r]
    cpu_ratios = [r["ours_over_floor_cpu"] for r in rows if "ours_over_floor_cpu" in r]
    return {"p50_ms": percentile(samples, 50), "p95_ms": percentile(samples, 95),
            "cpu_p50_ms": percentile(cpu, 50), "cpu_p95_ms": percentile(cpu, 95),
            "max_query_p95_ms": max(r["ours_ms"]["p95"] for r in rows),
            "median_ours_over_floor": statistics.median(ratios) if ratios else None,
            "max_ours_over_floor": max(ratios) if ratios else None,
            "median_ours_over_unranked_floor": statistics.median(unranked) if unranked else None,
            "median_ours_over_floor_cpu": statistics.median(cpu_ratios) if cpu_ratios else None}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--baseline-reps", type=int, default=3)
    parser.add_argument("--skip-index", action="store_true")
    args = parser.parse_args(argv)
    if args.backend == "both":
        for backend in ("sqlite", "postgresql"):
            subprocess.run([sys.executable, __file__, *_forward(argv or sys.argv[1:], backend)],
                           check=True)
        return
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    setup_django(args.backend, args.database_url)
    import marc_documents

    plain = plain_model()
    previous = _load_previous(args.backend)
    if args.skip_index and previous:
        index = previous["index"]
    else:
        documents = marc_documents.load_documents(args.limit)
        index = build_index(documents, plain)
        del documents
    print("index:", index, flush=True)
    queries = json.loads((BENCH / "queries.json").read_text())
    rows = run_queries(queries, plain, args.reps, args.baseline_reps)
    result = {"backend": args.backend, "machine": machine(args.backend), "index": index,
              "load_average_at_start": load_at_start,
              "reps": args.reps, "summary": summarise(rows),
              "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "queries": [{k: v for k, v in r.items() if not k.endswith("samples")} for r in rows]}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"search_{args.backend}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    print("summary:", result["summary"])
    import results_table

    results_table.write_results_md()


def _forward(argv, backend):
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--backend":
            skip = True
            continue
        if not arg.startswith("--backend="):
            out.append(arg)
    return [*out, "--backend", backend]


def _load_previous(backend):
    path = RESULTS / f"search_{backend}.json"
    return json.loads(path.read_text()) if path.exists() else None


if __name__ == "__main__":
    main()
