"""Turn stored needs data (codes) into labelled rows for templates and exports."""

from __future__ import annotations

from everyreader.readers.models import (AssistanceNeed, AssistiveTech, NeedLevel, NeedSource, NeedType,
                                        PreferredFormat)


def _labels(choices, values):
    labels = dict(choices.choices)
    return [str(labels.get(v, v)) for v in values or []]


def profile_display(profile: dict) -> dict:
    types = {t.code: t.label for t in NeedType.objects.all()}
    levels, sources = dict(NeedLevel.choices), dict(NeedSource.choices)
    return {
        "needs": [{"label": types.get(n["type"], n["type"]), "level": str(levels.get(n["level"], n["level"])),
                   "source": str(sources.get(n["source"], n["source"])), "since": n.get("since", "")}
                  for n in profile.get("needs", [])],
        "formats": _labels(PreferredFormat, profile.get("formats")),
        "braille_grade": profile.get("braille_grade") or "",
        "large_print_size": profile.get("large_print_size"),
        "assistance": _labels(AssistanceNeed, profile.get("assistance")),
        "assistive_tech": _labels(AssistiveTech, profile.get("assistive_tech")),
        "notes": profile.get("notes", ""),
    }


def version_rows(versions) -> list[dict]:
    """Newest first, each with what changed compared with the version before it."""
    types = {t.code: t.label for t in NeedType.objects.all()}
    levels = dict(NeedLevel.choices)
    ordered = sorted(versions, key=lambda v: v.number)
    rows, previous = [], {}
    for version in ordered:
        profile = version.data.get("profile", {})
        now = {n["type"]: n["level"] for n in profile.get("needs", [])}
        added = [f"{types.get(c, c)} ({levels.get(now[c], now[c])})" for c in now.keys() - previous.keys()]
        ended = [types.get(c, c) for c in previous.keys() - now.keys()]
        changed = [f"{types.get(c, c)}: {levels.get(previous[c], previous[c])} → {levels.get(now[c], now[c])}"
                   for c in now.keys() & previous.keys() if now[c] != previous[c]]
        rows.append({"number": version.number, "created_at": version.created_at,
                     "changed_by": version.changed_by, "reason": version.data.get("reason", ""),
                     "added": sorted(map(str, added)), "ended": sorted(map(str, ended)),
                     "changed": sorted(map(str, changed)), "display": profile_display(profile)})
        previous = now
    return list(reversed(rows))
