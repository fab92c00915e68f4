"""Writes the search section of bench/RESULTS.md from bench/results/search_*.json.

Only the text between the search markers is replaced, so other sections (the catalogue import
benchmark) stay as they are."""

from __future__ import annotations

import json
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BEGIN, END = "<!-- search:begin -->", "<!-- search:end -->"


def _ms(value):
    return "–" if value is None else f"{value:.1f}"


def _n(value):
    return "–" if value is None else f"{value:,}"


def section() -> str:
    lines = [BEGIN, "## Search (`bench/search_latency.py`)", ""]
    results = []
    for backend in ("sqlite", "postgresql"):
        path = BENCH / "results" / f"search_{backend}.json"
        if path.exists():
            results.append(json.loads(path.read_text()))
    if not results:
        return "\n".join([*lines, "Not measured yet.", END])
    m = results[0]["machine"]
    lines += [
        f"Machine: {m['cpus']} CPU cores ({m['cpu']}), Python {m['python']}; the load average "
        "at the start and end of each run is recorded below (other programs may share the "
        "machine: wall-clock times grow with the load, CPU time much less). On SQLite all the "
        "work happens in the benchmark process, so its CPU time is what the same search costs "
        "on an idle machine. Server time inside one process (no HTTP), milliseconds, all "
        "samples of all queries for p50/p95.",
        "",
        "*Floor* (the issue's \"raw engine query alone\", the target ours ÷ floor <= 3): the "
        "engine answering the same query, for the same analysed text and facet filter tokens: "
        "`SELECT COUNT(*) … MATCH` plus one page of ids ranked by the engine's own ranking "
        "function with the same field weights (`SELECT rowid … MATCH … ORDER BY bm25(…) LIMIT "
        "20 OFFSET …`; tsquery `@@` with the GIN index and `ORDER BY ts_rank_cd(…)` on "
        "PostgreSQL); a browse has nothing to rank, its page is in the engine's own order. No "
        "facet counts or year ranges, no join to the document table (a year filter is not "
        "applied, which only lowers the floor). *Unranked floor*: the same without the ranking "
        "(the page in the engine's order) -- the bench's earlier floor, less than any ranked "
        "search must do, kept for comparison (the *before* rows were measured against it only). "
        "*Ours ÷ floor* compares the fastest runs (wall-clock; the CPU ratio on SQLite in "
        "brackets). *est.*: the text matched more than 10,000 documents, so the total and facet "
        "counts shown are estimates from a sample (\"about N\"). "
        "*Baseline*: a naive ORM `icontains` search over a plain table of titles and authors "
        "(first page + count).",
        "",
        "| backend | records | indexing records/s (wall) | records/CPU-s | analysis records/CPU-s | "
        "p50 | p95 | CPU p50 | CPU p95 | worst query p95 | median ours ÷ floor (CPU) | "
        "median ours ÷ unranked floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = []
    for r in results:
        rows.append(r)
        before = BENCH / "results" / f"search_{r['backend']}_before.json"
        if before.exists():  # the previous search code, same index, same benchmark, same window
            old = json.loads(before.read_text())
            old["machine"]["database"] += " — before (previous code)"
            old["summary"]["median_ours_over_unranked_floor"] = old["summary"].pop(
                "median_ours_over_floor")
            old["summary"]["median_ours_over_floor"] = old["summary"]["median_ours_over_floor_cpu"] = None
            rows.append(old)
    for r in rows:
        if r["backend"] != "sqlite":  # the work happens in the server process: CPU time n/a
            r["summary"]["cpu_p50_ms"] = r["summary"]["cpu_p95_ms"] = None
            r["index"]["records_per_cpu_second"] = None
            for q in r["queries"]:
                q["ours_cpu_ms"] = {}
        s, i = r["summary"], r["index"]
        lines.append(
            f"| {r['machine']['database']} | {i['records']:,} | {i['records_per_second']:,} | "
            f"{_n(i.get('records_per_cpu_second'))} | {_n(i.get('analysis_records_per_cpu_second'))} | "
            f"{_ms(s['p50_ms'])} | {_ms(s['p95_ms'])} | {_ms(s.get('cpu_p50_ms'))} | "
            f"{_ms(s.get('cpu_p95_ms'))} | {_ms(s['max_query_p95_ms'])} | "
            f"{_ms(s['median_ours_over_floor'])}"
            + (f" ({_ms(s['median_ours_over_floor_cpu'])})"
               if s.get("median_ours_over_floor_cpu") and r["backend"] == "sqlite" else "")
            + f" | {_ms(s.get('median_ours_over_unranked_floor'))} |")
    for r in results:
        lines += ["", f"### {r['machine']['database']} — per query ({r['reps']} runs each)", "",
                  "| query | filters | hits | p50 | p95 | CPU p95 | fastest | floor fastest | "
                  "ours ÷ floor | unranked floor fastest | ours ÷ unranked floor | baseline p50 | "
                  "baseline hits |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for q in r["queries"]:
            filters = "; ".join(f"{k}={','.join(v)}" for k, v in q["filters"].items()) or ""
            text = q["text"] or "(browse)"
            if q.get("suggestion"):
                text += f" → {q['suggestion']}"
            ratio = q.get("ours_over_floor")
            unranked = q.get("ours_over_unranked_floor")
            hits = f"{q['total']:,}" + (" est." if q.get("estimated") else "")
            cpu_ratio = q.get("ours_over_floor_cpu") if r["backend"] == "sqlite" else None
            lines.append(
                f"| {q['label']}: `{text}` | {filters} | {hits} | {_ms(q['ours_ms']['p50'])} | "
                f"{_ms(q['ours_ms']['p95'])} | {_ms(q.get('ours_cpu_ms', {}).get('p95'))} | "
                f"{_ms(q['ours_ms'].get('min'))} | {_ms(q.get('floor_ms', {}).get('min'))} | "
                f"{'–' if ratio is None else f'{ratio:.1f}'}"
                f"{'' if cpu_ratio is None else f' ({cpu_ratio:.1f})'} | "
                f"{_ms(q.get('unranked_floor_ms', {}).get('min'))} | "
                f"{'–' if unranked is None else f'{unranked:.1f}'} | {_ms(q['baseline_ms']['p50'])} | "
                f"{q['baseline_total']:,} |")
        load = r["machine"].get("load_average_1_5_15")
        start = r.get("load_average_at_start")
        lines += ["", f"Measured {r['measured_at']}"
                  + (f"; load average (1, 5, 15 min) at the start {start}" if start else "")
                  + (f", at the end {load}." if load else ".")]
    return "\n".join([*lines, END])


def write_results_md() -> None:
    path = BENCH / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n\n"
    new = section()
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + new + after
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    path.write_text(text)


if __name__ == "__main__":
    write_results_md()
