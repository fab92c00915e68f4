"""The needs research report: reading characteristics and needs per special population, from the
needs survey plus reader profiles. Aggregated only; groups under 5 are suppressed."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from everyreader.surveys import analysis, selectors
from everyreader.surveys.models import CHOICE_KINDS, ORDINAL_KINDS, TEXT_KINDS, QuestionKind


def build(user=None) -> dict | None:
    from everyreader.readers.models import ReaderCategory
    from everyreader.surveys.results import visible_segments

    survey = selectors.latest_needs_survey()
    if survey is None:
        return None
    runs = list(selectors.family_runs(survey.family))
    if not runs:
        return {"survey": survey, "respondents": 0, "populations": [], "overall": [], "profile": _profile(user)}
    questions = selectors.survey_questions(survey)
    responses = selectors.submitted_responses(runs)
    answers = analysis.load_answers(responses)
    overall = analysis.question_results(questions, answers)
    populations = []
    category_labels = dict(ReaderCategory.choices)
    groups = [("response__category", value, str(label)) for value, label in category_labels.items()]
    groups += [("response__segment_ids", s.pk, s.name) for s in visible_segments(user)]
    for key, value, label in groups:
        rows = [a for a in answers if (value in a[key] if isinstance(a[key], list) else a[key] == value)]
        respondents = len({a["response_id"] for a in rows})
        if respondents == 0:
            continue
        populations.append({"label": label, "n": analysis.suppress(respondents),
                            "small": respondents < analysis.SMALL_GROUP,
                            "highlights": [] if respondents < analysis.SMALL_GROUP else _highlights(questions, rows, respondents)})
    from everyreader.core.templatetags.components import Column

    for index, result in enumerate(overall):
        result.table_id = f"needs-overall-{index}"
        result.rows = [(label, count, f"{pct:.1f}") for label, count, pct in result.counts]
    return {"survey": survey, "runs": runs, "respondents": responses.count(), "overall": overall,
            "populations": populations, "profile": _profile(user),
            "count_columns": [Column(_("Answer")), Column(_("Count"), numeric=True), Column("%", numeric=True)]}


def _highlights(questions, rows, respondents) -> list[dict]:
    """For each choice question, the top answers as a share of this population's respondents."""
    by_code = defaultdict(list)
    for row in rows:
        by_code[row["question__code"]].append(row)
    result = []
    for q in questions:
        given = by_code[q.code]
        if not given:
            continue
        if q.kind in CHOICE_KINDS:
            tally = Counter()
            for r in given:
                tally.update(r["values"] if q.kind == QuestionKind.MULTIPLE else [r["text"]])
            labels = dict(q.choice_pairs())
            top = [(labels.get(v, v), n, 100 * n / len(given)) for v, n in tally.most_common(3)]
            result.append({"question": q.text_plain, "top": top, "answered": len(given)})
        elif q.kind in ORDINAL_KINDS or q.kind == QuestionKind.NUMBER:
            ci = analysis.mean_ci([r["number"] for r in given if r["number"] is not None])
            result.append({"question": q.text_plain, "mean": ci, "answered": len(given)})
        elif q.kind in TEXT_KINDS:
            from everyreader.surveys.themes import keyword_counts

            themes = keyword_counts([r["text"] for r in given if r["text"]], limit=5)
            if themes:
                result.append({"question": q.text_plain, "themes": themes, "answered": len(given)})
    return result


def _profile(user) -> dict | None:
    """Registered readers per category and, for those allowed, per recorded need (aggregated)."""
    from django.db.models import Count

    from everyreader.readers.models import Reader, ReaderCategory

    labels = dict(ReaderCategory.choices)
    by_category = [(str(labels.get(r["category"], r["category"])), analysis.suppress(r["n"]))
                   for r in Reader.objects.filter(is_active=True).values("category").annotate(n=Count("pk"))
                   .order_by("category")]
    needs = None
    if user is not None and (user.has_perm("readers.view_needs_report") or user.has_perm("readers.view_sensitive_needs")):
        from everyreader.readers.selectors import current_needs_counts

        needs = sorted(current_needs_counts(), key=lambda row: str(row[0]))
    from everyreader.core.templatetags.components import Column

    return {"by_category": by_category, "needs": needs, "title": _("Registered readers"),
            "columns": [Column(_("Reader category")), Column(_("Readers"), numeric=True)],
            "need_columns": [Column(_("Need")), Column(_("Readers"), numeric=True)]}
