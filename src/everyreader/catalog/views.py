"""Reader pages: search with facets, the record page (JSON-LD), the Atom feed of new titles."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from everyreader.accounts.models import Branch
from everyreader.catalog import accessibility, selectors
from everyreader.catalog.forms import FACETS, SearchForm, parse_year_range
from everyreader.catalog.models import Record
from everyreader.catalog.vocab import (ACCESSIBILITY_FEATURES, LANGUAGES, Audience, Format, ItemStatus,
                                       format_label, label)

PAGE_SIZE = 20
FACET_LEGENDS = {
    "format": gettext_lazy("Format"),
    "feature": gettext_lazy("Accessibility feature"),
    "language": gettext_lazy("Language"),
    "audience": gettext_lazy("Audience"),
    "available_at": gettext_lazy("Available now at"),
}


@dataclass
class Page:
    """What the shared pagination component needs, for a page of search hits."""

    number: int
    num_pages: int

    @property
    def paginator(self):
        return self

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def facet_labeller(branches: dict[str, str]):
    audiences = dict(Audience.choices)

    def labeller(facet: str, value: str) -> str:
        if facet == "format":
            return format_label(value)
        if facet == "feature":
            return label(ACCESSIBILITY_FEATURES, value)
        if facet == "language":
            return label(LANGUAGES, value)
        if facet == "audience":
            return str(audiences.get(value, value))
        if facet == "available_at":
            return branches.get(value, value)
        return value

    return labeller


class SearchView(TemplateView):
    template_name = "catalog/search.html"

    def get_context_data(self, **kwargs):
        from everyreader.search.selectors import SearchQuery

        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        text = form.cleaned_data.get("q", "") if form.is_valid() else ""
        page = (form.cleaned_data.get("page") if form.is_valid() else None) or 1
        filters = form.filters(self.request.GET)
        year = self.request.GET.get("year", "")
        year_range = parse_year_range(year)
        query = SearchQuery(text=text.strip(), filters=filters, page=page, page_size=PAGE_SIZE,
                            year_from=year_range[0] if year_range else None,
                            year_to=year_range[1] if year_range else None,
                            facet_names=FACETS)
        results, records = selectors.search(query)
        branches = dict(Branch.objects.values_list("code", "name"))
        labeller = facet_labeller(branches)
        facets = []
        for name in FACETS:
            values = [{"value": v.value, "count": v.count, "selected": v.selected,
                       "label": labeller(name, v.value), "id": f"f-{name}-{i}"}
                      for i, v in enumerate(results.facets.get(name, []))]
            if values:
                facets.append({"name": name, "legend": FACET_LEGENDS[name], "values": values})
        years = [{"value": v.value, "count": v.count, "selected": v.selected or v.value == year,
                  "id": f"f-year-{i}"} for i, v in enumerate(results.year_ranges)]
        for record in records:
            record.available_branches = sorted({i.branch.name for i in record.items.all()
                                                if i.status == ItemStatus.AVAILABLE})
            record.format_label = format_label(record.format)
        num_pages = max(1, math.ceil(results.total / PAGE_SIZE))
        context.update(
            form=form, results=results, records=records, facets=facets, years=years, year=year,
            query_text=text, page_obj=Page(min(page, num_pages), num_pages),
            first_number=(page - 1) * PAGE_SIZE + 1, searched=bool(text or filters or year_range),
            page_title=_("Search the catalogue"),
        )
        return context


def _json_ld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped cannot close the script


BOOK_FORMATS = {Format.AUDIO: "AudiobookFormat", Format.DAISY: "AudiobookFormat", Format.ETEXT: "EBook"}


def record_json_ld(record: Record, url: str) -> dict:
    data = {"@context": "https://schema.org", "@type": "Book", "@id": url, "url": url, "name": record.title}
    if record.title_original:
        data["alternateName"] = record.title_original
    if record.contributors:
        data["author"] = [{"@type": "Person", "name": name} for name in record.contributors]
    if record.isbn:
        data["isbn"] = record.isbn
    if record.language:
        data["inLanguage"] = record.language
    if record.year:
        data["datePublished"] = str(record.year)
    if record.publisher:
        data["publisher"] = {"@type": "Organization", "name": record.publisher}
    if record.summary:
        data["description"] = record.summary
    if record.subjects:
        data["about"] = list(record.subjects)
    data["bookFormat"] = "https://schema.org/" + BOOK_FORMATS.get(record.format, "Paperback")
    data.update(accessibility.to_schema_org(record))
    return data


class RecordDetailView(TemplateView):
    template_name = "catalog/record_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            record = selectors.record_detail(self.kwargs["pk"])
        except Record.DoesNotExist:
            raise Http404 from None
        url = self.request.build_absolute_uri(reverse("catalog:record", args=[record.pk]))
        editions = list(selectors.other_editions(record))
        for edition in editions:
            edition.format_label = format_label(edition.format)
        context.update(
            record=record, format_label=format_label(record.format),
            availability=selectors.availability(record), editions=editions,
            language_label=label(LANGUAGES, record.language) if record.language else "",
            audience_label=dict(Audience.choices).get(record.audience, ""),
            features=[label(ACCESSIBILITY_FEATURES, f) for f in record.accessibility_features],
            json_ld=_json_ld(record_json_ld(record, url)),
            original_lang="zh" if record.language == "chi" else "",
            page_title=record.title,
            breadcrumbs=[(_("Search the catalogue"), reverse("catalog:search")), (record.title, "")],
        )
        return context


class AccessibleTitlesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("New titles in accessible formats")
    subtitle = gettext_lazy("Braille, large print, audio, DAISY, e-text, easy-read, video and tactile titles "
                            "recently added to the catalogue.")

    def link(self):
        return reverse("catalog:search")

    def items(self):
        return selectors.new_accessible_titles(50)

    def item_title(self, item):
        return f"{item.title} [{format_label(item.format)}]"

    def item_description(self, item):
        return item.summary or item.responsibility

    def item_link(self, item):
        return reverse("catalog:record", args=[item.pk])

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.responsibility or None

    def item_categories(self, item):
        return [format_label(item.format)]
