"""A no-JavaScript form for the common case of the rule language: one condition per field,
combined with “all” or “any”. Nested groups and negation are available through the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from everyreader.readers.segments import segment_fields


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    match = forms.ChoiceField(label=_("Readers must match"), widget=forms.RadioSelect, initial="all",
                              choices=[("all", _("all of the conditions below")), ("any", _("any of the conditions below"))])

    def __init__(self, *args, show_sensitive=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule_fields = [f for f in segment_fields() if show_sensitive or not f.sensitive]
        self.groups = []
        for f in self.rule_fields:
            names = []
            if f.kind in ("choice", "tags"):
                self.fields[f"f_{f.key}"] = forms.MultipleChoiceField(
                    label=f.label, required=False, choices=f.choices() if f.choices else [],
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Any of the ticked values.") if f.kind == "tags" else "")
                names.append(f"f_{f.key}")
            elif f.kind == "number":
                self.fields[f"f_{f.key}_min"] = forms.IntegerField(
                    label=_("%(field)s: at least") % {"field": f.label}, required=False,
                    min_value=f.min_value, max_value=f.max_value)
                self.fields[f"f_{f.key}_max"] = forms.IntegerField(
                    label=_("%(field)s: at most") % {"field": f.label}, required=False,
                    min_value=f.min_value, max_value=f.max_value)
                names += [f"f_{f.key}_min", f"f_{f.key}_max"]
            else:
                self.fields[f"f_{f.key}"] = forms.ChoiceField(
                    label=f.label, required=False, widget=forms.RadioSelect, initial="",
                    choices=[("", _("Either")), ("yes", _("Yes")), ("no", _("No"))])
                names.append(f"f_{f.key}")
            self.groups.append((f, names))

    def rules(self) -> dict:
        data = self.cleaned_data
        conditions = []
        for f, _names in self.groups:
            if f.kind in ("choice", "tags"):
                if data.get(f"f_{f.key}"):
                    conditions.append({"field": f.key, "op": "in" if f.kind == "choice" else "has_any",
                                       "value": data[f"f_{f.key}"]})
            elif f.kind == "number":
                if data.get(f"f_{f.key}_min") is not None:
                    conditions.append({"field": f.key, "op": "gte", "value": data[f"f_{f.key}_min"]})
                if data.get(f"f_{f.key}_max") is not None:
                    conditions.append({"field": f.key, "op": "lte", "value": data[f"f_{f.key}_max"]})
            elif data.get(f"f_{f.key}"):
                conditions.append({"field": f.key, "op": "is", "value": data[f"f_{f.key}"] == "yes"})
        return {"match": data.get("match") or "all", "conditions": conditions}

    @staticmethod
    def initial_from(segment) -> dict:
        initial = {"name": segment.name, "description": segment.description,
                   "match": segment.rules.get("match", "all")}
        for c in segment.rules.get("conditions", []):
            if "field" not in c:
                continue
            if c["op"] in ("in", "has_any"):
                initial[f"f_{c['field']}"] = c["value"]
            elif c["op"] == "gte":
                initial[f"f_{c['field']}_min"] = c["value"]
            elif c["op"] == "lte":
                initial[f"f_{c['field']}_max"] = c["value"]
            elif c["op"] == "is":
                initial[f"f_{c['field']}"] = "yes" if c["value"] else "no"
        return initial

    def field_groups(self):
        return [(f, [self[n] for n in names]) for f, names in self.groups]
