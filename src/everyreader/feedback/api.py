"""REST API for feedback items. Staff only; each user sees the items they may see in the
workspace. Submitters' identity and contact details are never part of the API."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response

from everyreader.accounts.api import ModelPermissions
from everyreader.accounts.models import Branch
from everyreader.feedback import selectors, services
from everyreader.feedback.models import Category, CauseCategory, Channel, FeedbackItem, Kind, Severity


class FeedbackItemSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.filter(is_active=True))
    branch = serializers.SlugRelatedField(slug_field="code", queryset=Branch.objects.all(), required=False,
                                          allow_null=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    handler = serializers.SlugRelatedField(slug_field="username", read_only=True)
    card_number = serializers.CharField(write_only=True, required=False, allow_blank=True)
    channel = serializers.ChoiceField(choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    has_reader = serializers.SerializerMethodField()

    class Meta:
        model = FeedbackItem
        fields = ["id", "reference", "kind", "severity", "channel", "category", "department", "branch", "subject",
                  "description", "expectation", "is_anonymous", "has_reader", "card_number", "state", "handler",
                  "received_at", "acknowledge_due", "due_date", "responded_at", "closed_at", "response",
                  "reopen_count", "escalation_level", "rating"]
        read_only_fields = ["reference", "state", "received_at", "acknowledge_due", "due_date", "responded_at",
                            "closed_at", "response", "reopen_count", "escalation_level", "rating"]

    def get_has_reader(self, obj) -> bool:
        return obj.reader_id is not None

    def validate_card_number(self, value):
        from everyreader.readers.selectors import reader_by_card

        if value and reader_by_card(value) is None:
            raise serializers.ValidationError(_("No reader has this card number."))
        return value


class AssignSerializer(serializers.Serializer):
    handler = serializers.SlugRelatedField(slug_field="username", queryset=get_user_model().objects.all())
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RespondSerializer(serializers.Serializer):
    response = serializers.CharField()


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CloseSerializer(serializers.Serializer):
    cause_category = serializers.ChoiceField(choices=CauseCategory.choices, required=False)
    whys = serializers.ListField(child=serializers.CharField(), max_length=5, required=False)
    expected = serializers.CharField(required=False)
    provided = serializers.CharField(required=False)
    action_description = serializers.CharField(required=False, allow_blank=True, default="")


def _call(fn, **kwargs):
    try:
        return fn(**kwargs)
    except PermissionDenied as error:
        raise ApiPermissionDenied from error


@extend_schema(tags=["feedback"])
class FeedbackItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          viewsets.GenericViewSet):
    serializer_class = FeedbackItemSerializer
    permission_classes = [ModelPermissions]
    queryset = FeedbackItem.objects.none()

    def get_queryset(self):
        return selectors.items_visible_to(self.request.user).order_by("-received_at", "-pk")

    def perform_create(self, serializer):
        from everyreader.readers.selectors import reader_by_card

        data = dict(serializer.validated_data)
        card = data.pop("card_number", "")
        serializer.instance = services.feedback_submit(
            actor=self.request.user, kind=data["kind"], category=data["category"], subject=data["subject"],
            description=data["description"], expectation=data.get("expectation", ""), branch=data.get("branch"),
            severity=data.get("severity", Severity.MEDIUM), channel=data["channel"],
            anonymous=data.get("is_anonymous", False), reader=reader_by_card(card) if card else None)

    def _act(self, request, serializer_class, fn, **extra):
        item = self.get_object()
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        item = _call(fn, actor=request.user, item=item, **payload.validated_data, **extra)
        return Response(FeedbackItemSerializer(item).data)

    @extend_schema(request=AssignSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._act(request, AssignSerializer, services.item_assign)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        item = _call(services.item_start, actor=request.user, item=self.get_object())
        return Response(FeedbackItemSerializer(item).data)

    @extend_schema(request=RespondSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        return self._act(request, RespondSerializer, services.item_respond)

    @extend_schema(request=ReopenSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._act(request, ReopenSerializer, services.item_reopen)

    @extend_schema(request=CloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self.get_object()
        payload = CloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        root_cause = None
        if item.kind == Kind.COMPLAINT:
            root_cause = {"cause_category": data.get("cause_category", ""), "whys": data.get("whys", []),
                          "expected": data.get("expected", ""), "provided": data.get("provided", ""),
                          "action_description": data.get("action_description", "")}
        item = _call(services.item_close, actor=request.user, item=item, root_cause=root_cause)
        return Response(FeedbackItemSerializer(item).data)
