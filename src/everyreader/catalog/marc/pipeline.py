"""Where the import's per-record work runs: in worker processes, or in the importing process.

With workers, the importing process only cuts the file into records (cheap: ISO 2709 records
carry their length) and sends chunks of them to a process pool; the workers parse, map and
analyse (`prepare.prepare_chunk`) while the importing process matches and writes the chunks
that came back, in file order. At most 2 chunks per worker are in flight, so memory stays
bounded whatever the file's size.

Workers are started with fork where the platform has it (they inherit the loaded code and the
Chinese dictionaries); they never touch the database.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from django.conf import settings
from django.utils import translation

from everyreader.catalog.marc.prepare import Prepared, prepare, prepare_chunk

CHUNK_SIZE = 500


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """CATALOG_IMPORT_WORKERS (EVERYREADER_IMPORT_WORKERS) if set, else one worker per CPU (at
    most 4) when there are at least 2; 1 means no worker processes."""
    configured = getattr(settings, "CATALOG_IMPORT_WORKERS", None)
    if configured:
        return max(1, int(configured))
    cpus = available_cpus()
    return min(cpus, 4) if cpus >= 2 else 1


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def in_process(items: Iterable, encoding: str, chunk_size: int = CHUNK_SIZE) -> Iterator[list[Prepared]]:
    """Parsed and serialised records; the importer maps the ones it writes (none when a re-import
    finds the record unchanged)."""
    for chunk in _chunks(items, chunk_size):
        yield [prepare(item, encoding) for item in chunk]


def _warm_up() -> None:
    """Load the dictionaries once in the parent, so forked workers share them."""
    from everyreader.core import text as textlib

    textlib.index_tokens("图书馆 library", pinyin=True)
    textlib.title_vocabulary("图书馆 library")


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def with_workers(items: Iterable, encoding: str, workers: int,
                 chunk_size: int = CHUNK_SIZE) -> Iterator[list[Prepared]]:
    """Fully prepared (mapped and analysed) records, chunk by chunk in file order."""
    _warm_up()
    language = translation.get_language()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init_worker)
    in_flight: deque = deque()
    try:
        for chunk in _chunks(items, chunk_size):
            in_flight.append(pool.submit(prepare_chunk, chunk, encoding, language))
            if len(in_flight) >= 2 * workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _init_worker() -> None:
    import django
    from django.apps import apps

    if not apps.ready:  # spawned (not forked) workers start from scratch
        django.setup()
