"""REST API: programmes, tasks, risks, meetings and monthly reports. Writes go through services."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from everyreader.accounts.api import ModelPermissions
from everyreader.programs import schedule, selectors, services
from everyreader.programs.models import Meeting, MonthlyReport, Programme, Risk, Task


class ProgrammeSerializer(serializers.ModelSerializer):
    end_date = serializers.DateField(read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "code", "name", "description", "start_date", "end_date", "weeks", "status", "manager",
                  "report_due_day", "i18n"]


class TaskSerializer(serializers.ModelSerializer):
    planned_start = serializers.DateField(read_only=True)
    planned_end = serializers.DateField(read_only=True)
    depends_on = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    late = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["id", "programme", "parent", "code", "title", "group", "department", "owner", "start_week",
                  "end_week", "planned_start", "planned_end", "resources", "deliverables", "status",
                  "percent_complete", "actual_start", "actual_end", "blocked_reason", "depends_on", "late", "i18n"]
        read_only_fields = ["programme", "parent", "code", "title", "group", "actual_start", "actual_end", "i18n"]

    def get_late(self, task) -> bool:
        return schedule.is_late(task, timezone.localdate())


class RiskSerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(read_only=True)
    tasks = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Risk
        fields = ["id", "programme", "code", "factor", "impact", "likelihood", "impact_score", "score", "mitigation",
                  "mitigation_schedule", "department", "owner", "review_cadence", "next_review", "status", "tasks",
                  "i18n"]
        read_only_fields = fields


class RiskReviewSerializer(serializers.Serializer):
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    impact_score = serializers.IntegerField(min_value=1, max_value=5)
    status = serializers.ChoiceField(choices=Risk.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MeetingSerializer(serializers.ModelSerializer):
    decisions = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "programme", "series", "title", "date", "status", "agenda", "minutes", "chair", "attendees",
                  "decisions", "actions"]
        read_only_fields = fields

    def get_actions(self, meeting) -> list[dict]:
        return [{"id": a.id, "title": a.title, "assignee": a.assignee_id, "due_date": a.due_date,
                 "status": a.status} for a in meeting.actions.all()]


class MonthlyReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonthlyReport
        fields = ["id", "programme", "task", "owner", "period", "due_date", "status", "percent_complete", "progress",
                  "resources_used", "amount_spent", "problems", "solutions", "next_steps", "submitted_at",
                  "review_note"]
        read_only_fields = ["programme", "task", "owner", "period", "due_date", "status", "submitted_at",
                            "review_note"]


class _ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [ModelPermissions]


@extend_schema(tags=["programmes"])
class ProgrammeViewSet(_ReadViewSet):
    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.none()

    def get_queryset(self):
        return selectors.programme_list()


@extend_schema(tags=["programmes"])
class TaskViewSet(_ReadViewSet, mixins.UpdateModelMixin):
    serializer_class = TaskSerializer
    queryset = Task.objects.none()
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        qs = Task.objects.select_related("programme").prefetch_related("depends_on").order_by(
            "programme", "start_week", "order", "code")
        programme = self.request.query_params.get("programme")
        return qs.filter(programme_id=programme) if programme and programme.isdigit() else qs

    def perform_update(self, serializer):
        serializer.instance = services.task_update(actor=self.request.user, task=serializer.instance,
                                                   **serializer.validated_data)


@extend_schema(tags=["programmes"])
class RiskViewSet(_ReadViewSet):
    serializer_class = RiskSerializer
    queryset = Risk.objects.none()

    def get_queryset(self):
        return Risk.objects.prefetch_related("tasks").order_by("programme", "code")

    @extend_schema(request=RiskReviewSerializer, responses=RiskSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        risk = self.get_object()
        data = RiskReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.risk_review(actor=request.user, risk=risk, **data.validated_data)
        risk.refresh_from_db()
        return Response(RiskSerializer(risk).data)


@extend_schema(tags=["programmes"])
class MeetingViewSet(_ReadViewSet):
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()

    def get_queryset(self):
        return Meeting.objects.prefetch_related("decisions", "actions", "attendees").order_by("-date", "-id")


@extend_schema(tags=["programmes"])
class MonthlyReportViewSet(_ReadViewSet, mixins.UpdateModelMixin):
    serializer_class = MonthlyReportSerializer
    queryset = MonthlyReport.objects.none()
    http_method_names = ["get", "patch", "head", "options"]

    def get_permissions(self):
        if self.request.method == "PATCH":  # the owner files the report; services check who
            from rest_framework.permissions import IsAuthenticated

            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        return MonthlyReport.objects.select_related("task").order_by("-period", "task__code")

    def perform_update(self, serializer):
        serializer.instance = services.report_submit(actor=self.request.user, report=serializer.instance,
                                                     **serializer.validated_data)
