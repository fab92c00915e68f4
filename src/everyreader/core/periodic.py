"""Periodic jobs (reminders, escalations, anonymisation). Apps register idempotent callables;
`everyreader run_periodic` runs them all — from cron or a systemd timer every few minutes in
production, and from `./dev demo` in the demo. Running twice in a row must do no harm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    run: Callable[[], int | None]  # returns how many things it did (for the log)


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, run: Callable[[], int | None]) -> None:
    _jobs[name] = PeriodicJob(name, run)


def jobs() -> list[PeriodicJob]:
    return [_jobs[name] for name in sorted(_jobs)]
