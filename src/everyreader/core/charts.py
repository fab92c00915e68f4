"""Server-side SVG charts (pygal), always rendered together with a table of the same numbers.

Use in views: `chart = Chart(kind="bar", title=..., x_labels=[...], series=[Series(...)])`,
then in templates `{% chart chart "table-id" %}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="currentColor",
    foreground_strong="currentColor",
    foreground_subtle="#767676",
    colors=PALETTE,
    font_family="inherit",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=18,
    value_font_size=13,
    opacity=".9",
    opacity_hover="1",
    transition="0s",
)

_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)

KINDS = {
    "bar": pygal.Bar,
    "hbar": pygal.HorizontalBar,
    "stacked_bar": pygal.StackedBar,
    "line": pygal.Line,
    "radar": pygal.Radar,
    "pie": pygal.Pie,
}


@dataclass
class Series:
    name: str
    values: list[float | int | None]


@dataclass
class Chart:
    title: str
    x_labels: list[str]
    series: list[Series] = field(default_factory=list)
    kind: str = "bar"
    x_title: str = ""
    y_title: str = ""
    value_format: str = "{:g}"
    height: int = 360

    def table_columns(self):
        from everyreader.core.templatetags.components import Column

        return [Column(self.x_title or "")] + [Column(s.name, numeric=True) for s in self.series]

    def table_rows(self):
        rows = []
        for index, label in enumerate(self.x_labels):
            row = [label]
            for series in self.series:
                value = series.values[index] if index < len(series.values) else None
                row.append("—" if value is None else self.value_format.format(value))
            rows.append(row)
        return rows


def render_svg(chart: Chart) -> str:
    chart_class = KINDS[chart.kind]
    config = pygal.Config(
        style=STYLE,
        js=[],  # no external scripts: the chart must work offline and without JavaScript
        disable_xml_declaration=True,
        show_legend=len(chart.series) > 1 or chart.kind == "pie",
        legend_at_bottom=True,
        height=chart.height,
        width=800,
        x_title=chart.x_title or None,
        y_title=chart.y_title or None,
        print_values=False,
        x_label_rotation=30 if len(chart.x_labels) > 8 else 0,
        truncate_label=-1,
        truncate_legend=-1,
        explicit_size=False,
        pretty_print=False,
    )
    svg = chart_class(config)
    svg.x_labels = [str(label) for label in chart.x_labels]
    for series in chart.series:
        svg.add(str(series.name), series.values)
    markup = _SCRIPT.sub("", svg.render(is_unicode=True))  # pygal's inline config is for its JS only
    # The table next to the chart carries the numbers for assistive technology.
    markup = markup.replace("<svg ", '<svg aria-hidden="true" focusable="false" class="chart" ', 1)
    return mark_safe(markup)  # noqa: S308 — pygal output from our own numbers and escaped labels
