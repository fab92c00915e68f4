"""REST API for surveys, responses and results (pseudonymous: no names or card numbers)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissions, IsAuthenticated
from rest_framework.response import Response as ApiResponse

from everyreader.surveys import exports, results, selectors
from everyreader.surveys.models import STAFF_MODES, Question, Section, Survey, SurveyRun
from everyreader.surveys.services_responses import response_enter_for_reader


class ViewPermissions(DjangoModelPermissions):
    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "code", "kind", "text", "easy_text", "help", "required", "choices", "dimension",
                  "show_if_code", "show_if_values", "min_value", "max_value"]


class SectionSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "order", "title", "questions"]


class SurveySerializer(serializers.ModelSerializer):
    class Meta:
        model = Survey
        fields = ["id", "family", "version", "kind", "status", "title", "intro", "scale_form",
                  "one_question_per_page", "lite_item_count", "link_to_reader", "published_at"]


class SurveyDetailSerializer(SurveySerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "sections"]


class RunSerializer(serializers.ModelSerializer):
    submitted = serializers.IntegerField(read_only=True)

    class Meta:
        model = SurveyRun
        fields = ["id", "survey", "name", "wave", "programme", "token", "is_open", "opened_at", "closed_at",
                  "submitted"]


class EntrySerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=[str(m) for m in STAFF_MODES])
    answers = serializers.DictField(help_text="{question code: value}; service-quality items take "
                                              "{minimum, desired, perceived, na}")
    category = serializers.CharField(required=False, allow_blank=True, default="")
    branch = serializers.IntegerField(required=False, allow_null=True, default=None)


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _gaps_json(gaps):
    def item(i):
        return {"code": i.code, "label": i.label, "dimension": i.dimension, "n": i.n, "not_applicable": i.na,
                "minimum": i.minimum, "desired": i.desired, "perceived": i.perceived,
                "adequacy_gap": i.adequacy, "superiority_gap": i.superiority}
    return {"items": [item(i) for i in gaps["items"]], "dimensions": [item(d) for d in gaps["dimensions"]],
            "overall": item(gaps["overall"])}


def results_json(runs, user) -> dict:
    data = results.run_results(runs, user)
    questions = []
    for r in data["questions"]:
        entry = {"code": r.question.code, "kind": r.question.kind, "answered": r.answered,
                 "counts": [{"label": label, "count": n, "percent": round(p, 2)} for label, n, p in r.counts],
                 "themes": [{"word": w, "answers": n} for w, n in r.themes]}
        if r.mean is not None:
            entry["mean"] = {"n": r.mean.n, "mean": r.mean.mean, "ci95_low": r.mean.low, "ci95_high": r.mean.high}
        questions.append(entry)
    return {"respondents": data["respondents"], "questions": questions, "service_quality": _gaps_json(data["gaps"]),
            "breakdowns": [{"title": str(b["title"]), "groups": [{"label": str(g["label"]), "respondents": g["n"]}
                                                                for g in b["rows"]]} for b in data["breakdowns"]]}


@extend_schema(tags=["surveys"])
class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [ViewPermissions]
    queryset = Survey.objects.none()

    def get_queryset(self):
        return Survey.objects.prefetch_related("sections__questions").order_by("family", "-version")

    def get_serializer_class(self):
        return SurveyDetailSerializer if self.action == "retrieve" else SurveySerializer

    @extend_schema(summary="Wave comparison (Mann–Whitney U, rank-biserial r, n, verdict)", responses=dict)
    @action(detail=True, methods=["get"])
    def waves(self, request, pk=None):
        _require(request.user, "surveys.view_results")
        survey = self.get_object()
        data = results.wave_comparison(survey.family)
        return ApiResponse({
            "waves": [{"wave": k, "label": str(label), "responses": n} for k, label, n in data["waves"]],
            "pairs": [[str(a), str(b)] for a, b in data["pairs"]],
            "rows": [{"label": row["label"], "is_dimension": row["is_dimension"], "comparisons": [
                {"n_earlier": c.n_earlier, "n_later": c.n_later, "mean_earlier": c.mean_earlier,
                 "mean_later": c.mean_later, "u": c.u, "p": c.p, "rank_biserial": c.effect,
                 "direction": c.direction, "verdict": c.verdict} for c in row["comparisons"]]}
                for row in data["rows"]]})


@extend_schema(tags=["surveys"])
class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [ViewPermissions]
    serializer_class = RunSerializer
    queryset = SurveyRun.objects.none()

    def get_queryset(self):
        return selectors.run_list()

    @extend_schema(summary="Results of a run", responses=dict)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        _require(request.user, "surveys.view_results")
        return ApiResponse(results_json([self.get_object()], request.user))

    @extend_schema(summary="Raw pseudonymous responses (GET) or staff entry of a paper response (POST)",
                   request=EntrySerializer, responses=dict)
    @action(detail=True, methods=["get", "post"], permission_classes=[IsAuthenticated])
    def responses(self, request, pk=None):
        run = self.get_object()
        if request.method == "GET":
            _require(request.user, "surveys.export_responses")
            header, rows = exports.rows([run])
            return ApiResponse({"columns": header, "rows": rows})
        _require(request.user, "surveys.add_response")
        serializer = EntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        branch = None
        if data.get("branch"):
            from everyreader.accounts.models import Branch

            branch = get_object_or_404(Branch, pk=data["branch"])
        response = response_enter_for_reader(actor=request.user, run=run, mode=data["mode"], raw=data["answers"],
                                             category=data.get("category", ""), branch=branch)
        return ApiResponse({"id": response.pk, "status": response.status}, status=201)
