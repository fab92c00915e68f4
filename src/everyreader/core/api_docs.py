"""An accessible, server-rendered API reference built from the OpenAPI schema.

Swagger UI stays available for trying requests, but it is third-party markup that does not meet
WCAG 2.2 AA; this page is the reference everyone can read.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=1)
def _schema() -> dict:
    # The schema depends only on code, so it is the same for every request of this process.
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict | None) -> dict:
    if node and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return schema["components"]["schemas"].get(name, {})
    return node or {}


def _fields(schema: dict, node: dict | None) -> list[dict]:
    node = _resolve(schema, node)
    if node.get("type") == "array":
        node = _resolve(schema, node.get("items"))
    required = set(node.get("required", []))
    fields = []
    for name, spec in node.get("properties", {}).items():
        spec = _resolve(schema, spec) if "$ref" in spec else spec
        kind = spec.get("type") or ("object" if "properties" in spec else "")
        if kind == "array":
            kind = f"array of {spec.get('items', {}).get('type', 'object')}"
        fields.append({"name": name, "type": kind or "—", "required": name in required,
                       "read_only": spec.get("readOnly", False),
                       "description": spec.get("description", "") or ", ".join(str(v) for v in spec.get("enum", []))})
    return fields


def endpoint_groups() -> list[dict]:
    schema = _schema()
    groups: dict[str, list] = {}
    for path, item in sorted(schema.get("paths", {}).items()):
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            ok = next((r for code, r in operation.get("responses", {}).items() if code.startswith("2")), {})
            groups.setdefault((operation.get("tags") or ["api"])[0], []).append({
                "id": operation.get("operationId", f"{method}-{path}"),
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary") or operation.get("description", "").split("\n")[0],
                "parameters": [
                    {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                     "type": p.get("schema", {}).get("type", ""), "description": p.get("description", "")}
                    for p in operation.get("parameters", [])
                ],
                "request_fields": _fields(schema, body.get("schema")),
                "response_fields": _fields(schema, ok.get("content", {}).get("application/json", {}).get("schema")),
            })
    return [{"tag": tag, "endpoints": endpoints} for tag, endpoints in sorted(groups.items())]


class ApiReferenceView(TemplateView):
    template_name = "core/api_reference.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("API documentation"), groups=endpoint_groups(), **kwargs)
