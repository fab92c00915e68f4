"""Analysis: gap arithmetic against hand-computed values, confidence intervals and the wave
comparison against SciPy directly, small-sample verdicts, small-group suppression, themes."""

import math

import pytest
from scipy import stats

from everyreader.surveys import analysis, comparison, results, selectors, themes
from everyreader.surveys import services_responses as svc
from everyreader.surveys.models import Response

pytestmark = pytest.mark.django_db


def submit(run, raw, **fields):
    response, _code = svc.response_start(run=run)
    Response.objects.filter(pk=response.pk).update(**fields)
    svc.response_save(response=response, raw=raw)
    return svc.response_submit(response=response)


def test_gap_arithmetic_matches_hand_computed_values(open_run):
    # sq1 three respondents: (min, desired, perceived) = (3,8,6), (5,7,4), (4,9,8); one N/A.
    for triple in ((3, 8, 6), (5, 7, 4), (4, 9, 8)):
        submit(open_run, {"single": "a", "sq1": dict(zip(("minimum", "desired", "perceived"), triple)),
                          "sq2": {"minimum": 2, "desired": 6, "perceived": 7}})
    submit(open_run, {"single": "a", "sq1": {"na": True}})
    qs = selectors.survey_questions(open_run.survey)
    gaps = analysis.gap_analysis(qs, analysis.load_answers(selectors.submitted_responses([open_run])), two_scale=False)
    sq1 = next(i for i in gaps["items"] if i.code == "sq1")
    # means: minimum 12/3 = 4, desired 24/3 = 8, perceived 18/3 = 6
    assert (sq1.n, sq1.na, sq1.minimum, sq1.desired, sq1.perceived) == (3, 1, 4, 8, 6)
    assert sq1.adequacy == 2 and sq1.superiority == -2
    staff = next(d for d in gaps["dimensions"] if d.code == "staff")
    assert staff.adequacy == 2
    access = next(d for d in gaps["dimensions"] if d.code == "accessibility")
    assert (access.adequacy, access.superiority) == (5, 1)
    # overall pools 6 scored answers: minimum (12+6)/6 = 3, desired (24+18)/6 = 7, perceived (18+21)/6 = 6.5
    overall = gaps["overall"]
    assert overall.n == 6 and overall.minimum == 3 and overall.desired == 7 and overall.perceived == 6.5
    assert overall.adequacy == 3.5 and overall.superiority == -0.5


def test_two_scale_form_has_no_adequacy_gap(open_run):
    rows = [{"question__code": "sq1", "not_applicable": False, "minimum": None, "desired": 7, "perceived": 5}]
    qs = selectors.survey_questions(open_run.survey)
    item = next(i for i in analysis.gap_analysis(qs, rows, two_scale=True)["items"] if i.code == "sq1")
    assert item.adequacy is None and item.superiority == -2 and item.n == 1


def test_mean_confidence_interval_matches_scipy():
    values = [3, 4, 4, 5, 7, 2, 6]
    ci = analysis.mean_ci(values)
    low, high = stats.t.interval(0.95, len(values) - 1, loc=sum(values) / 7, scale=stats.sem(values))
    assert math.isclose(ci.low, low) and math.isclose(ci.high, high)
    assert analysis.mean_ci([]).mean is None and analysis.mean_ci([5]).low is None


def test_comparison_matches_scipy_mann_whitney():
    earlier = [3, 4, 5, 4, 3, 5, 6, 4, 3, 5, 4, 4, 5, 3, 4, 6, 5, 4, 3, 4, 5, 4]
    later = [5, 6, 7, 6, 5, 7, 6, 8, 5, 6, 7, 6, 5, 6, 7, 6, 5, 7, 8, 6, 6]
    result = comparison.compare(earlier, later, earlier_label="前", later_label="后")
    expected = stats.mannwhitneyu(later, earlier, alternative="two-sided")
    assert math.isclose(result.u, expected.statistic) and math.isclose(result.p, expected.pvalue)
    assert math.isclose(result.effect, 2 * expected.statistic / (len(earlier) * len(later)) - 1)
    assert result.direction == "up" and (result.n_earlier, result.n_later) == (22, 21)
    reverse = comparison.compare(later, earlier)
    assert reverse.direction == "down" and math.isclose(reverse.effect, -result.effect)


def test_small_samples_never_claim_a_difference():
    result = comparison.compare([1] * 19, [9] * 30)
    assert result.direction == "unknown" and result.p is None and str(comparison.MIN_N) in result.verdict


def test_no_difference_on_similar_samples():
    a = [3, 4, 5, 6] * 6
    assert comparison.compare(a, list(reversed(a))).direction == "none"
    assert comparison.compare([4] * 25, [4] * 25).direction == "none"


@pytest.mark.parametrize("count, shown", [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (12, "12")])
def test_suppression(count, shown):
    assert analysis.suppress(count) == shown


def test_breakdown_suppresses_groups_under_five(open_run):
    for index in range(7):
        category = "senior" if index < 5 else "child"
        submit(open_run, {"single": "a", "rate": 8, "sq1": {"minimum": 3, "desired": 8, "perceived": 6}},
               category=category)
    data = results.run_results([open_run])
    by_category = {row["label"]: row for row in data["breakdowns"][0]["rows"]}
    senior = next(v for k, v in by_category.items() if "60" in str(k))
    child = next(v for k, v in by_category.items() if "14" in str(k) and v is not senior)
    assert senior["n"] == "5" and not senior["small"] and senior["gaps"]["dimensions"][0].perceived == 6
    assert child["n"] == "<5" and child["small"] and child["gaps"] is None and child["ordinal"] == {}


def test_question_results_counts_percentages_and_distribution(open_run):
    for single, multi, rate in (("a", ["x"], 10), ("a", ["x", "y"], 6), ("b", ["y"], 8)):
        submit(open_run, {"single": single, "multi": multi, "rate": rate, "only_b": "理由"})
    data = {r.question.code: r for r in results.run_results([open_run])["questions"]}
    assert [(c[1], round(c[2], 1)) for c in data["single"].counts] == [(2, 66.7), (1, 33.3)]
    assert [c[1] for c in data["multi"].counts] == [2, 2, 0]
    assert data["rate"].mean.mean == 8 and data["rate"].median == 8 and len(data["rate"].counts) == 11


def test_keyword_counts_with_jieba():
    counts = dict(themes.keyword_counts(["希望增加大字本图书", "大字本太少", "网站不好用", "希望网站更好用"]))
    assert counts.get("大字") == 2 or counts.get("大字本") == 2
    assert "希望" not in counts
    assert themes.keyword_counts(["braille books please", "more braille"]) == [("braille", 2)]
