"""REST API of the catalogue: search (public), records (public read, cataloguers write), items (staff)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import (api_view, content_negotiation_class, permission_classes, renderer_classes,
                                       throttle_classes)
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.permissions import AllowAny, DjangoModelPermissions, DjangoModelPermissionsOrAnonReadOnly
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from everyreader.accounts.models import Branch
from everyreader.catalog import accessibility, selectors, services
from everyreader.catalog.forms import FACETS, SearchForm, parse_year_range
from everyreader.catalog.models import Item, Record
from everyreader.catalog.services import RECORD_FIELDS


class ReadableModelPermissions(DjangoModelPermissions):
    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class ItemSerializer(serializers.ModelSerializer):
    branch = serializers.SlugRelatedField(slug_field="code", queryset=Branch.objects.all())

    class Meta:
        model = Item
        fields = ["id", "record", "barcode", "branch", "shelf_location", "call_number", "format", "status", "note"]


def _strings(**kwargs):
    return serializers.ListField(child=serializers.CharField(max_length=500), required=False, max_length=200,
                                 **kwargs)


class RecordSerializer(serializers.ModelSerializer):
    contributors = _strings()
    subjects = _strings()
    notes = _strings()
    access_modes = _strings()
    accessibility_features = _strings()
    accessibility_hazards = _strings()
    identifiers = serializers.ListField(child=serializers.DictField(child=serializers.CharField(max_length=100)),
                                        required=False, max_length=100)
    access_mode_sufficient = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(max_length=40), max_length=10),
        required=False, max_length=20)
    schema_org = serializers.SerializerMethodField()
    availability = serializers.SerializerMethodField()

    class Meta:
        model = Record
        fields = ["id", *RECORD_FIELDS, "original_script", "work_key", "created_at", "updated_at",
                  "schema_org", "availability"]
        read_only_fields = ["original_script", "work_key", "created_at", "updated_at"]

    def get_schema_org(self, obj) -> dict:
        return accessibility.to_schema_org(obj)

    def get_availability(self, obj) -> list[dict]:
        return [{"branch": g.branch.code, "available": g.available, "total": g.total}
                for g in selectors.availability(obj)]


class _Writable(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                mixins.UpdateModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]


@extend_schema(tags=["catalogue"])
class RecordViewSet(_Writable):
    serializer_class = RecordSerializer
    permission_classes = [DjangoModelPermissionsOrAnonReadOnly]
    queryset = Record.objects.none()

    def get_queryset(self):
        return Record.objects.defer("marc").prefetch_related(selectors._items()).order_by("pk")

    def perform_create(self, serializer):
        serializer.instance = services.record_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.record_update(actor=self.request.user, record=serializer.instance,
                                                     **serializer.validated_data)


@extend_schema(tags=["catalogue"], parameters=[OpenApiParameter("record", int, description="record id")])
class ItemViewSet(_Writable):
    serializer_class = ItemSerializer
    permission_classes = [ReadableModelPermissions]
    queryset = Item.objects.none()

    def get_queryset(self):
        qs = Item.objects.select_related("branch").order_by("pk")
        record = self.request.query_params.get("record", "")
        return qs.filter(record_id=int(record)) if record.isdigit() else qs

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        record = data.pop("record")
        serializer.instance = services.item_create(actor=self.request.user, record=record, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("record", None)
        serializer.instance = services.item_update(actor=self.request.user, item=serializer.instance, **data)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchResultSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    total_is_estimate = serializers.BooleanField()
    facet_counts_are_estimates = serializers.BooleanField()
    page = serializers.IntegerField()
    results = serializers.ListField(child=serializers.DictField())
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
    year_ranges = FacetValueSerializer(many=True)
    suggestion = serializers.CharField(allow_null=True)


class _NoFormatOverride:
    URL_FORMAT_OVERRIDE = None


class FacetAwareNegotiation(DefaultContentNegotiation):
    """`format` is a search facet here, not DRF's renderer override."""

    settings = _NoFormatOverride()


@extend_schema(tags=["catalogue"], summary="Search the catalogue", responses=SearchResultSerializer,
               parameters=[OpenApiParameter("q", str), OpenApiParameter("page", int),
                           OpenApiParameter("year", str, description="e.g. 2000-2009 or -1949"),
                           *[OpenApiParameter(name, str, many=True) for name in FACETS]])
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([AnonRateThrottle, UserRateThrottle])
@renderer_classes([JSONRenderer])
@content_negotiation_class(FacetAwareNegotiation)
def search(request):
    from everyreader.search.selectors import SearchQuery

    form = SearchForm(request.query_params)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = (form.cleaned_data.get("page") if form.is_valid() else None) or 1
    years = parse_year_range(request.query_params.get("year", ""))
    query = SearchQuery(text=text, filters=form.filters(request.query_params), page=page, page_size=20,
                        year_from=years[0] if years else None, year_to=years[1] if years else None,
                        facet_names=FACETS)
    results, records = selectors.search(query)
    return Response({
        "total": results.total,
        "total_is_estimate": results.estimated,
        "facet_counts_are_estimates": results.counts_estimated,
        "page": page,
        "results": [{"id": r.pk, "title": r.title, "title_original": r.title_original,
                     "responsibility": r.responsibility, "year": r.year, "format": r.format,
                     "language": r.language, "accessibility_features": r.accessibility_features,
                     "url": request.build_absolute_uri(f"/catalog/records/{r.pk}/")} for r in records],
        "facets": {name: [vars(v) for v in values] for name, values in results.facets.items()},
        "year_ranges": [vars(v) for v in results.year_ranges],
        "suggestion": results.suggestion,
    })
