"""API plumbing: URL discovery, one error format, health."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import include, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import exception_handler as drf_exception_handler

from everyreader.core.errors import DomainError


def exception_handler(exc, context):
    """Every API error has the same shape: {"error": {"status", "code", "message", "fields"}}."""
    if isinstance(exc, DomainError):
        exc = exceptions.ValidationError({exc.field or "non_field_errors": [str(exc.message)]})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields = {}
    if isinstance(exc, exceptions.ValidationError):
        message = _("The data sent is not valid. See the fields for details.")
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        code = "invalid"
    else:
        message = detail.get("detail", "") if isinstance(detail, dict) else str(detail)
        code = getattr(exc, "default_code", "error")
    response.data = {"error": {"status": response.status_code, "code": code,
                               "message": str(message), "fields": fields}}
    return response


def api_root_urls():
    """Each everyreader app may have an `api_urls.py` with `urlpatterns`; mount it at /api/v1/."""
    patterns = [path("", api_root, name="api-root"), path("me/", me, name="api-me")]
    for config in apps.get_app_configs():
        if not config.name.startswith("everyreader."):
            continue
        try:
            module = import_module(f"{config.name}.api_urls")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api_urls":
                raise
            continue
        patterns.append(path("", include(module.urlpatterns)))
    return patterns


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    is_staff_member = serializers.BooleanField()
    preferred_language = serializers.CharField()


@extend_schema(responses=MeSerializer, summary="The signed-in user")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    user = request.user
    return Response(MeSerializer({
        "username": user.username,
        "display_name": str(user),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "is_staff_member": user.is_staff_member,
        "preferred_language": user.preferred_language,
    }).data)


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request):
    return Response({
        "schema": reverse("api-schema", request=request),
        "docs": reverse("api-docs", request=request),
        "me": reverse("api-me", request=request),
    })
