"""Everything a results page, report, export or API call shows, computed once from the answers."""

from __future__ import annotations

from collections import OrderedDict, defaultdict

from django.utils.translation import gettext as _

from everyreader.surveys import analysis, selectors
from everyreader.surveys.comparison import compare
from everyreader.surveys.models import ORDINAL_KINDS, Dimension, QuestionKind, SurveyRun


def _labels_for(key: str, user=None) -> dict:
    if key == "response__category":
        from everyreader.readers.models import ReaderCategory

        return {value: str(label) for value, label in ReaderCategory.choices}
    if key == "response__branch_id":
        from everyreader.accounts.models import Branch

        return {str(b.pk): b.name for b in Branch.objects.all()}
    return {str(s.pk): s.name for s in visible_segments(user)}


def visible_segments(user=None) -> list:
    """Segments whose aggregated results the user may see: those built on needs data only for
    holders of the needs-statistics permission."""
    from everyreader.readers import segments as rules
    from everyreader.readers import selectors as reader_selectors

    may_see_needs = user is None or user.has_perm("readers.view_needs_report") \
        or user.has_perm("readers.view_sensitive_needs")
    return [s for s in reader_selectors.segment_list() if may_see_needs or not rules.uses_sensitive(s.rules)]


def run_results(runs: list[SurveyRun], user=None) -> dict:
    survey = runs[0].survey
    questions = selectors.survey_questions(survey)
    responses = selectors.submitted_responses(runs)
    answers = analysis.load_answers(responses)
    two_scale = survey.scale_form == "two"
    breakdowns = []
    for key, title in (("response__category", _("By reader category")), ("response__branch_id", _("By home branch")),
                       ("response__segment_ids", _("By reader segment"))):
        rows = analysis.group_breakdown(questions, answers, key, _labels_for(key, user), two_scale)
        breakdowns.append({"title": title, "rows": rows})
    return {
        "survey": survey,
        "runs": runs,
        "respondents": responses.count(),
        "questions": analysis.question_results(questions, answers),
        "gaps": analysis.gap_analysis(questions, answers, two_scale),
        "two_scale": two_scale,
        "ordinal_questions": [q for q in questions if q.kind in ORDINAL_KINDS],
        "breakdowns": breakdowns,
        "modes": _modes(responses),
    }


def _modes(responses):
    from django.db.models import Count

    from everyreader.surveys.models import ResponseMode

    labels = dict(ResponseMode.choices)
    return [(labels.get(r["mode"], r["mode"]), r["n"])
            for r in responses.order_by().values("mode").annotate(n=Count("pk")).order_by("mode")]


def waves_of(family: str) -> "OrderedDict[str, list[SurveyRun]]":
    waves: OrderedDict[str, list[SurveyRun]] = OrderedDict()
    for run in selectors.family_runs(family):
        waves.setdefault(run.wave, []).append(run)
    return waves


def wave_comparison(family: str) -> dict:
    """Per item, per dimension and per scale question: n, means, U, p, rank-biserial r, verdict."""
    waves = waves_of(family)
    labels = {w: runs[0].wave_label for w, runs in waves.items()}
    keys = list(waves)
    pairs = list(zip(keys, keys[1:]))
    if len(keys) > 2:
        pairs.append((keys[0], keys[-1]))
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    dim_scores: dict[str, dict[str, dict[int, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    questions = {}
    for wave, runs in waves.items():
        for run in runs:
            for q in selectors.survey_questions(run.survey):
                questions.setdefault(q.code, q)
        for row in analysis.load_answers(selectors.submitted_responses(runs)):
            q = questions.get(row["question__code"])
            if q is None:
                continue
            if q.kind == QuestionKind.SERVICE_QUALITY and row["perceived"] is not None:
                scores[q.code][wave].append(row["perceived"])
                dim_scores[q.dimension][wave][row["response_id"]].append(row["perceived"])
            elif q.kind in ORDINAL_KINDS and row["number"] is not None:
                scores[q.code][wave].append(row["number"])
    rows = []
    dim_labels = dict(Dimension.choices)
    for dim in [d for d in Dimension.values if d in dim_scores]:
        per_wave = {w: [sum(v) / len(v) for v in dim_scores[dim][w].values()] for w in keys}
        rows.append(_row(str(dim_labels[dim]), True, per_wave, pairs, labels))
    for code, q in questions.items():
        if code in scores:
            rows.append(_row(q.text_plain, False, scores[code], pairs, labels))
    return {"waves": [(k, labels[k], sum(r.responses.filter(status="submitted").count() for r in waves[k]))
                      for k in keys],
            "pairs": [(labels[a], labels[b]) for a, b in pairs], "rows": rows}


def _row(label, is_dimension, per_wave, pairs, labels):
    return {"label": label, "is_dimension": is_dimension,
            "comparisons": [compare(per_wave.get(a, []), per_wave.get(b, []),
                                    earlier_label=labels[a], later_label=labels[b]) for a, b in pairs]}
