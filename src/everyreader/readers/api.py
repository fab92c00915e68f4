"""REST API for readers and segments, with the same permission rules as the pages: needs data
only through /needs/ (view_sensitive_needs, audited), member lists only for exporters (audited)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissions, IsAuthenticated
from rest_framework.response import Response

from everyreader.accounts.models import Branch
from everyreader.readers import needs_services, segment_services, selectors, services
from everyreader.readers import segments as rules
from everyreader.readers.models import Reader, ReaderCategory, RegistrationChannel, Segment, ServicePreference


class ModelPermissions(DjangoModelPermissions):
    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class ReaderSerializer(serializers.ModelSerializer):
    home_branch = serializers.SlugRelatedField(slug_field="code", queryset=Branch.objects.all(), required=False,
                                               allow_null=True)
    service_preferences = serializers.ListField(child=serializers.ChoiceField(choices=ServicePreference.choices),
                                                required=False)
    has_consent = serializers.SerializerMethodField()
    allow_duplicate = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Reader
        fields = ["id", "card_number", "family_name", "given_name", "birth_year", "category", "home_branch",
                  "email", "phone", "address", "preferred_language", "preferred_contact", "registered_via",
                  "guardian_name", "guardian_relation", "guardian_phone", "service_preferences",
                  "has_consent", "is_active", "card_expires", "allow_duplicate", "created_at"]
        read_only_fields = ["registered_via", "is_active", "card_expires", "created_at"]
        extra_kwargs = {"card_number": {"required": False, "validators": []}}

    def validate_category(self, value: str) -> str:
        if self.instance is not None and value == self.instance.category:
            return value
        if not ReaderCategory.is_active(value):
            raise serializers.ValidationError(_("Choose one of the library's reader categories."))
        return value

    def get_has_consent(self, obj) -> bool:
        valid = getattr(obj, "valid_consents", None)
        return bool(valid) if valid is not None else needs_services.valid_consent(obj) is not None


class NeedSerializer(serializers.Serializer):
    type = serializers.CharField()
    level = serializers.CharField(required=False)
    source = serializers.CharField(required=False)
    since = serializers.CharField(required=False, allow_blank=True)


class NeedsProfileSerializer(serializers.Serializer):
    needs = NeedSerializer(many=True, required=False)
    formats = serializers.ListField(child=serializers.CharField(), required=False)
    braille_grade = serializers.CharField(required=False, allow_blank=True)
    large_print_size = serializers.IntegerField(required=False, allow_null=True)
    assistance = serializers.ListField(child=serializers.CharField(), required=False)
    assistive_tech = serializers.ListField(child=serializers.CharField(), required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(write_only=True, required=False)


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    changed_by = serializers.CharField(allow_null=True)
    reason = serializers.CharField()
    profile = NeedsProfileSerializer()


@extend_schema(tags=["readers"])
class ReaderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = ReaderSerializer
    permission_classes = [ModelPermissions]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]
    queryset = Reader.objects.none()

    def get_queryset(self):
        return selectors.reader_list(query=self.request.query_params.get("q", ""),
                                     category=self.request.query_params.get("category", ""))

    def update(self, request, *args, **kwargs):
        if request.method == "PUT":
            return Response(status=405)
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        allow = data.pop("allow_duplicate", False)
        try:
            serializer.instance = services.reader_register(actor=self.request.user, channel=RegistrationChannel.STAFF,
                                                           allow_duplicate=allow, **data)
        except services.DuplicateReaderError as error:
            raise serializers.ValidationError({"non_field_errors": [str(error.message)], "possible_duplicates": [
                c.reader.card_number for c in error.candidates]}) from None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("allow_duplicate", None)
        data.pop("card_number", None)
        serializer.instance = services.reader_update(actor=self.request.user, reader=serializer.instance, **data)

    @extend_schema(request=NeedsProfileSerializer, responses=NeedsProfileSerializer,
                   summary="The reader's needs profile (sensitive; every access is audited)")
    @action(detail=True, methods=["get", "put"], permission_classes=[IsAuthenticated])
    def needs(self, request, pk=None):
        reader = self.get_object()
        if request.method == "PUT":
            serializer = NeedsProfileSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            reason = data.pop("reason", "")
            needs_services.needs_profile_set(actor=request.user, reader=reader, data=data, reason=reason)
        return Response(needs_services.needs_profile_read(actor=request.user, reader=reader,
                                                          purpose="view" if request.method == "GET" else "changed_read"))

    @extend_schema(responses=VersionSerializer(many=True), summary="Versions of the needs profile (audited)")
    @action(detail=True, methods=["get"], permission_classes=[IsAuthenticated])
    def history(self, request, pk=None):
        reader = self.get_object()
        versions = needs_services.needs_history_read(actor=request.user, reader=reader)
        return Response([{"number": v.number, "created_at": v.created_at,
                          "changed_by": str(v.changed_by) if v.changed_by else None,
                          "reason": v.data.get("reason", ""), "profile": v.data.get("profile", {})}
                         for v in versions])


class SegmentSerializer(serializers.ModelSerializer):
    size = serializers.SerializerMethodField()
    uses_needs_data = serializers.SerializerMethodField()

    class Meta:
        model = Segment
        fields = ["id", "name", "description", "rules", "size", "uses_needs_data", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"name": {"validators": []}}

    def get_size(self, obj) -> str:
        """Group sizes under 5 are reported as "<5"."""
        try:
            return rules.suppress(selectors.segment_size(obj))
        except services.DomainError:
            return ""

    def get_uses_needs_data(self, obj) -> bool:
        return rules.uses_sensitive(obj.rules)


class MemberSerializer(serializers.ModelSerializer):
    home_branch = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Reader
        fields = ["id", "card_number", "family_name", "given_name", "category", "home_branch",
                  "preferred_contact", "preferred_language", "phone", "email", "address", "service_preferences"]


@extend_schema(tags=["readers"])
class SegmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = SegmentSerializer
    permission_classes = [ModelPermissions]
    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Segment.objects.none()

    def get_queryset(self):
        return selectors.segment_list()

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = segment_services.segment_create(actor=self.request.user, name=d["name"],
                                                              description=d.get("description", ""),
                                                              rules=d.get("rules", {}))

    def perform_update(self, serializer):
        d = serializer.validated_data
        segment = serializer.instance
        serializer.instance = segment_services.segment_update(
            actor=self.request.user, segment=segment, name=d.get("name", segment.name),
            description=d.get("description", segment.description), rules=d.get("rules", segment.rules))

    @extend_schema(responses=MemberSerializer(many=True), summary="Members (export permission; audited)")
    @action(detail=True, methods=["get"])
    def members(self, request, pk=None):
        members = segment_services.segment_members_read(actor=request.user, segment=self.get_object())
        page = self.paginate_queryset(members)
        return self.get_paginated_response(MemberSerializer(page, many=True).data)
