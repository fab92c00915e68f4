"""Shared page components. Pages render form fields, error summaries, fieldsets, pagination and
data tables only through these tags, so every page gets the same accessible markup."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

register = template.Library()

GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.simple_tag
def form_field(field, **attrs):
    """A field with its label, hint, error and the aria wiring between them."""
    widget = field.field.widget
    is_group = isinstance(widget, GROUP_WIDGETS)
    is_checkbox = isinstance(widget, forms.CheckboxInput)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    widget_attrs = dict(attrs)
    if not is_group:
        if described:
            widget_attrs["aria-describedby"] = " ".join(described)
        if field.errors:
            widget_attrs["aria-invalid"] = "true"
    context = {
        "field": field,
        "is_group": is_group,
        "is_checkbox": is_checkbox,
        "describedby": " ".join(described),
        "widget": "" if is_group else field.as_widget(attrs=widget_attrs),
        "widget_type": type(widget).__name__.lower(),
    }
    return render_to_string("components/field.html", context)


@register.simple_tag
def form_fields(form, *names):
    """Every visible field (or the named ones) of a form, then its hidden fields."""
    fields = [form[n] for n in names] if names else list(form.visible_fields())
    parts = [form_field(f) for f in fields]
    if not names:
        parts.extend(str(f) for f in form.hidden_fields())
    return _safe("".join(parts))


def _safe(html: str):
    from django.utils.safestring import mark_safe

    return mark_safe(html)  # noqa: S308 — assembled from rendered templates only


@register.simple_tag
def error_summary(*forms_, prefix=""):
    """The error summary at the top of a form page; each error links to its field."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            errors.append({"id": "", "message": error})
        for field in form:
            target = field.auto_id
            if isinstance(field.field.widget, GROUP_WIDGETS):
                target = f"{field.auto_id}_0"  # the group's first choice: the fieldset has no id
            for error in field.errors:
                errors.append({"id": target, "label": field.label, "message": error})
    return render_to_string("components/error_summary.html", {"errors": errors, "prefix": prefix})


class FieldsetNode(template.Node):
    def __init__(self, legend, hint, nodelist):
        self.legend, self.hint, self.nodelist = legend, hint, nodelist

    def render(self, context):
        legend = self.legend.resolve(context)
        hint = self.hint.resolve(context) if self.hint else ""
        return render_to_string(
            "components/fieldset.html",
            {
                "legend": legend,
                "hint": hint,
                "hint_id": "fs-" + hashlib.sha1(str(legend).encode()).hexdigest()[:8] + "-hint",
                "content": _safe(self.nodelist.render(context)),
            },
        )


@register.tag
def fieldset(parser, token):
    """{% fieldset legend [hint] %} ... {% endfieldset %}"""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("fieldset takes a legend and an optional hint")
    legend = parser.compile_filter(bits[1])
    hint = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    nodelist = parser.parse(("endfieldset",))
    parser.delete_first_token()
    return FieldsetNode(legend, hint, nodelist)


ELLIPSIS = "…"


def page_window(number: int, total: int, around: int = 2) -> list:
    pages: list[Any] = []
    for n in range(1, total + 1):
        if n in (1, total) or abs(n - number) <= around:
            pages.append(n)
        elif pages and pages[-1] != ELLIPSIS:
            pages.append(ELLIPSIS)
    return pages


@register.simple_tag(takes_context=True)
def pagination(context, page_obj):
    request = context.get("request")
    query = request.GET.copy() if request is not None else {}
    if query:
        query.pop("page", None)
    query_prefix = (query.urlencode() + "&") if query else ""
    return render_to_string(
        "components/pagination.html",
        {
            "page_obj": page_obj,
            "page_range": page_window(page_obj.number, page_obj.paginator.num_pages),
            "ellipsis": ELLIPSIS,
            "query_prefix": query_prefix,
        },
    )


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    value: Any
    numeric: bool = False


@register.simple_tag
def data_table(table_id, caption, columns, rows, row_headers=True, empty_text=None):
    """columns: Column objects (or labels); rows: iterables of cell values."""
    columns = [c if isinstance(c, Column) else Column(str(c)) for c in columns]
    numeric = [c.numeric for c in columns]
    cells = [
        [Cell(v, numeric[i] if i < len(numeric) else False) for i, v in enumerate(row)] for row in rows
    ]
    return render_to_string(
        "components/data_table.html",
        {
            "table_id": table_id,
            "caption": caption,
            "columns": columns,
            "rows": cells,
            "row_headers": row_headers,
            "empty_text": empty_text or _("Nothing to show."),
        },
    )


@register.simple_tag
def chart(chart_obj, table_id):
    """A chart (SVG, hidden from screen readers) and, always, the table of its numbers."""
    from everyreader.core.charts import render_svg

    return render_to_string(
        "components/chart.html",
        {
            "chart": chart_obj,
            "svg": render_svg(chart_obj),
            "table": data_table(table_id, chart_obj.title, chart_obj.table_columns(), chart_obj.table_rows()),
            "table_id": table_id,
        },
    )
