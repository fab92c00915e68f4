"""Golden-HTML tests: the shared components are the only way pages render these things."""

import re

from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from everyreader.core.templatetags.components import Column, page_window


def render(source, **context):
    html = Template(source).render(Context(context))
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on your card")
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red"), ("g", "Green")],
                               widget=forms.RadioSelect)
    agree = forms.BooleanField(label="I agree", required=False)
    notes = forms.CharField(label="Notes", required=False)


def test_text_field_has_label_hint_and_described_by():
    html = render("{% form_field form.name %}", form=SampleForm())
    assert html == (
        '<div class="field field-textinput"><label class="label" for="id_name">Name</label>'
        '<p class="hint" id="id_name-hint">As on your card</p>'
        '<input type="text" name="name" aria-describedby="id_name-hint" required id="id_name"></div>'
    )


def test_field_error_is_linked_and_marked_invalid():
    form = SampleForm(data={})
    form.is_valid()
    html = render("{% form_field form.name %}", form=form)
    assert 'class="field field-error field-textinput"' in html
    assert '<p class="error-message" id="id_name-error"><span class="visually-hidden">' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'aria-invalid="true"' in html


def test_optional_field_says_so():
    html = render("{% form_field form.notes %}", form=SampleForm())
    assert '<span class="optional">(' in html


def test_radio_group_is_a_fieldset_with_legend():
    html = render("{% form_field form.colour %}", form=SampleForm())
    assert html.startswith('<div class="field field-radioselect"><fieldset><legend class="label">Colour</legend>')
    assert '<label for="id_colour_0">Red</label>' in html
    assert html.count('type="radio"') == 2


def test_checkbox_label_follows_the_box():
    html = render("{% form_field form.agree %}", form=SampleForm())
    assert '<div class="choice"><input type="checkbox" name="agree" id="id_agree"><label for="id_agree">I agree</label></div>' in html


def test_error_summary_links_to_each_field():
    form = SampleForm(data={"name": ""})
    form.is_valid()
    html = render("{% error_summary form %}", form=form)
    assert html.startswith('<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" data-error-summary>')
    assert '<a href="#id_name">' in html
    assert '<a href="#id_colour_0">' in html


def test_error_summary_renders_nothing_for_a_fresh_form():
    assert render("{% error_summary form %}", form=SampleForm()) == ""


def test_fieldset_with_legend_and_hint():
    html = render('{% fieldset "Contact" "How we reach you" %}<p>x</p>{% endfieldset %}')
    assert re.fullmatch(
        r'<fieldset class="fieldset" aria-describedby="(fs-[0-9a-f]{8}-hint)"><legend>Contact</legend>'
        r'<p class="hint" id="\1">How we reach you</p><p>x</p></fieldset>', html)


def test_pagination_marks_current_page_and_keeps_filters():
    request = RequestFactory().get("/x/", {"q": "braille", "page": "3"})
    page = Paginator(list(range(100)), 10).get_page(3)
    html = render("{% pagination page_obj %}", page_obj=page, request=request)
    assert '<nav class="pagination" aria-label=' in html
    assert '<span aria-current="page" class="current-page">' in html
    assert 'href="?q=braille&amp;page=2" rel="prev"' in html
    assert 'href="?q=braille&amp;page=4" rel="next"' in html


def test_pagination_hidden_for_one_page():
    page = Paginator([1, 2], 10).get_page(1)
    assert render("{% pagination page_obj %}", page_obj=page, request=RequestFactory().get("/")) == ""


def test_page_window():
    assert page_window(1, 3) == [1, 2, 3]
    assert page_window(10, 20) == [1, "…", 8, 9, 10, 11, 12, "…", 20]


def test_data_table_golden():
    html = render('{% data_table "t" "Loans by format" columns rows %}',
                  columns=[Column("Format"), Column("Loans", numeric=True)], rows=[["Braille", 12]])
    assert html == (
        '<div class="table-wrap" role="region" aria-labelledby="t-caption" tabindex="0">'
        '<table class="data-table" id="t"><caption id="t-caption">Loans by format</caption>'
        '<thead><tr><th scope="col">Format</th><th scope="col" class="numeric">Loans</th></tr></thead>'
        '<tbody><tr><th scope="row">Braille</th><td class="numeric">12</td></tr></tbody></table></div>'
    )


def test_chart_always_comes_with_its_table():
    from everyreader.core.charts import Chart, Series

    chart = Chart(title="Visits", x_labels=["Jan", "Feb"], series=[Series("Visits", [3, 5])])
    html = render('{% chart chart "visits" %}', chart=chart)
    assert '<svg aria-hidden="true" focusable="false" class="chart"' in html
    assert "<script" not in html
    assert '<caption id="visits-caption">Visits</caption>' in html
    assert '<th scope="row">Feb</th><td class="numeric">5</td>' in html
