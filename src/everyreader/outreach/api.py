"""REST API for delivery profiles and visits (staff only, model permissions)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from everyreader.accounts.api import ModelPermissions
from everyreader.catalog.vocab import Format
from everyreader.outreach import selectors, services
from everyreader.outreach.models import (VISIT_OUTCOMES, DeliveryProfile, Frequency, ProfileStatus, RosterMember,
                                         Visit, VisitStatus)
from everyreader.readers.models import ConsentChannel, Reader


class ProfileSerializer(serializers.ModelSerializer):
    reader = serializers.PrimaryKeyRelatedField(queryset=Reader.objects.filter(anonymised_at__isnull=True))
    frequency = serializers.ChoiceField(choices=Frequency.choices, required=False)
    weekday = serializers.IntegerField(min_value=0, max_value=6, required=False)
    interests = serializers.ListField(child=serializers.CharField(max_length=60), max_length=20, required=False)
    formats = serializers.ListField(child=serializers.ChoiceField(choices=Format.choices), required=False)
    items_per_visit = serializers.IntegerField(min_value=1, max_value=10, required=False)
    address = serializers.CharField(max_length=500)
    access_notes = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    deliverer = serializers.PrimaryKeyRelatedField(queryset=RosterMember.objects.all(), required=False, allow_null=True)
    consent_channel = serializers.ChoiceField(choices=ConsentChannel.choices, required=False, write_only=True,
                                              help_text="Record the reader's home-delivery consent now (how it was given).")
    status = serializers.ChoiceField(choices=ProfileStatus.choices, read_only=True)

    class Meta:
        model = DeliveryProfile
        fields = ["id", "reader", "branch", "frequency", "weekday", "window_start", "window_end", "address",
                  "access_notes", "interests", "formats", "items_per_visit", "start_on", "deliverer", "status",
                  "paused_until", "consent_channel"]
        read_only_fields = ["paused_until"]

    def validate(self, attrs):
        start, end = attrs.get("window_start"), attrs.get("window_end")
        if self.instance is not None:
            start, end = start or self.instance.window_start, end or self.instance.window_end
        if start and end and end <= start:
            raise serializers.ValidationError({"window_end": ["The time window must end after it starts."]})
        return attrs


class VisitSerializer(serializers.ModelSerializer):
    profile = serializers.PrimaryKeyRelatedField(queryset=DeliveryProfile.objects.all())
    deliverer = serializers.PrimaryKeyRelatedField(queryset=RosterMember.objects.all(), required=False, allow_null=True)
    window_start = serializers.TimeField(required=False, allow_null=True)
    window_end = serializers.TimeField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=VisitStatus.choices, read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = ["id", "profile", "date", "window_start", "window_end", "deliverer", "status", "generated", "note",
                  "rating", "comment", "items"]
        read_only_fields = ["generated", "rating", "comment"]

    def get_items(self, visit) -> list[dict]:
        return [{"item": vi.item_id, "barcode": vi.item.barcode, "kind": vi.kind, "done": vi.done,
                 "send_again": vi.send_again} for vi in visit.items.all()]


class VisitRecordSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[(s.value, s.label) for s in VISIT_OUTCOMES])
    handed_over = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=20)
    collected = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=50)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


@extend_schema(tags=["outreach"])
class ProfileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = ProfileSerializer
    permission_classes = [ModelPermissions]
    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = DeliveryProfile.objects.none()

    def get_queryset(self):
        return selectors.profile_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        reader = data.pop("reader")
        serializer.instance = services.profile_create(actor=self.request.user, reader=reader, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("reader", None)
        data.pop("consent_channel", None)
        serializer.instance = services.profile_update(actor=self.request.user, profile=serializer.instance, **data)


@extend_schema(tags=["outreach"])
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   viewsets.GenericViewSet):
    serializer_class = VisitSerializer
    permission_classes = [ModelPermissions]
    queryset = Visit.objects.none()

    def get_queryset(self):
        return selectors.visit_list()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.visit_schedule(
            actor=self.request.user, profile=data["profile"], date=data["date"],
            window_start=data.get("window_start"), window_end=data.get("window_end"),
            deliverer=data.get("deliverer"), note=data.get("note", ""))

    @extend_schema(request=VisitRecordSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record the outcome: handed-over items are checked out (home delivery), collected ones checked in."""
        visit = self.get_object()
        if not request.user.has_perm("outreach.change_visit"):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied
        body = VisitRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        visit = services.visit_record(actor=request.user, visit=visit, outcome=data["outcome"],
                                      handed_over_ids=data.get("handed_over", []),
                                      collected_ids=data.get("collected", []), note=data.get("note", ""))
        return Response(VisitSerializer(selectors.visit_detail(visit.pk)).data)
