"""schema.org accessibility metadata <-> MARC 21 341 (Accessibility Content) and 532 (Note).

Convention (docs/catalog.md):
- one 341 (ind1 0) per accessModeSufficient set: $a for each access mode of the set;
  the first 341 also carries the accessibility features, by modality in $b textual, $c visual,
  $d auditory, $e tactile; $2 sapdv (the schema.org/W3C vocabulary);
- 532 ind1 0 (technical details) "$a accessMode: textual, visual" and
  "$a accessibilityHazard: noFlashingHazard";  532 ind1 8 "$a" the accessibilitySummary.
On import the mapping also accepts the MARC phrases libraries use ("Large print", "Braille",
"Closed captions", ...) and records that have only 341 $a (accessMode then is their union).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pymarc import Field, Subfield

from everyreader.catalog.vocab import (ACCESS_MODES, ACCESSIBILITY_FEATURES, ACCESSIBILITY_HAZARDS,
                                       FEATURE_MODALITY)

SOURCE = "sapdv"


@dataclass
class AccessibilityMetadata:
    access_modes: list[str] = field(default_factory=list)
    access_mode_sufficient: list[list[str]] = field(default_factory=list)
    accessibility_features: list[str] = field(default_factory=list)
    accessibility_hazards: list[str] = field(default_factory=list)
    accessibility_summary: str = ""

    def is_empty(self) -> bool:
        return not (self.access_modes or self.access_mode_sufficient or self.accessibility_features
                    or self.accessibility_hazards or self.accessibility_summary)


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


_FEATURE_KEYS = {_key(term): term for term in ACCESSIBILITY_FEATURES}
_FEATURE_KEYS.update({
    "closedcaptions": "captions", "opencaptions": "captions", "subtitles": "captions",
    "largetype": "largePrint", "brailletext": "braille", "audiodescribed": "audioDescription",
    "describedvideo": "audioDescription", "signlanguageinterpretation": "signLanguage",
    "tactilegraphics": "tactileGraphic", "easytoread": "easyRead", "easyreadtext": "easyRead",
    "alttext": "alternativeText", "texttospeech": "ttsMarkup", "synchronisedaudiotext": "synchronizedAudioText",
})
_MODE_KEYS = {_key(term): term for term in ACCESS_MODES}
_HAZARD_KEYS = {_key(term): term for term in ACCESSIBILITY_HAZARDS}


def normalise_feature(text: str) -> str | None:
    return _FEATURE_KEYS.get(_key(text))


def normalise_mode(text: str) -> str | None:
    return _MODE_KEYS.get(_key(text))


def _split_terms(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[,;]", text.strip().rstrip(".")) if t.strip()]


def _unique(values):
    seen = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def from_marc(fields_341: list[Field], fields_532: list[Field]) -> AccessibilityMetadata:
    meta = AccessibilityMetadata()
    modes_from_341: list[str] = []
    for f in fields_341:
        modes = _unique(normalise_mode(t) for v in f.get_subfields("a") for t in _split_terms(v))
        if modes:
            meta.access_mode_sufficient.append(modes)
            modes_from_341.extend(modes)
        for code in "bcde":
            for value in f.get_subfields(code):
                for term in _split_terms(value):
                    feature = normalise_feature(term)
                    if feature:
                        meta.accessibility_features.append(feature)
    for f in fields_532:
        for value in f.get_subfields("a"):
            text = value.strip()
            if f.indicator1 == "0" and ":" in text:
                prop, _sep, rest = text.partition(":")
                prop = prop.strip()
                if prop == "accessMode":
                    meta.access_modes.extend(m for m in (normalise_mode(t) for t in _split_terms(rest)) if m)
                    continue
                if prop == "accessibilityHazard":
                    meta.accessibility_hazards.extend(
                        h for h in (_HAZARD_KEYS.get(_key(t)) for t in _split_terms(rest)) if h)
                    continue
            if f.indicator1 in ("1", "8", " ") and not meta.accessibility_summary:
                meta.accessibility_summary = text
            elif f.indicator1 == "2":
                meta.accessibility_summary = (meta.accessibility_summary + " " + text).strip()
    meta.access_modes = _unique(meta.access_modes) or _unique(modes_from_341)
    meta.accessibility_features = _unique(meta.accessibility_features)
    meta.accessibility_hazards = _unique(meta.accessibility_hazards)
    return meta


def to_marc(meta: AccessibilityMetadata) -> list[Field]:
    """The 341 and 532 fields for the metadata (sorted by tag)."""
    fields: list[Field] = []
    sets = [list(s) for s in meta.access_mode_sufficient if s]
    by_modality: dict[str, list[str]] = {"b": [], "c": [], "d": [], "e": []}
    for feature in meta.accessibility_features:
        code = FEATURE_MODALITY.get(feature)
        if code:
            by_modality[code].append(feature)
    has_features = any(by_modality.values())
    if not sets and has_features:
        sets = [list(meta.access_modes)] if meta.access_modes else [[]]
    for index, modes in enumerate(sets):
        subfields = [Subfield("a", mode) for mode in modes]
        if index == 0:
            for code in "bcde":
                if by_modality[code]:
                    subfields.append(Subfield(code, ", ".join(by_modality[code])))
        subfields.append(Subfield("2", SOURCE))
        fields.append(Field(tag="341", indicators=["0", " "], subfields=subfields))
    if meta.access_modes:
        fields.append(Field(tag="532", indicators=["0", " "],
                            subfields=[Subfield("a", "accessMode: " + ", ".join(meta.access_modes))]))
    if meta.accessibility_hazards:
        fields.append(Field(tag="532", indicators=["0", " "], subfields=[
            Subfield("a", "accessibilityHazard: " + ", ".join(meta.accessibility_hazards))]))
    if meta.accessibility_summary:
        fields.append(Field(tag="532", indicators=["8", " "],
                            subfields=[Subfield("a", meta.accessibility_summary)]))
    return fields


def features_without_modality(meta: AccessibilityMetadata) -> list[str]:
    """Features 341 cannot carry (none/unknown): kept only in the model."""
    return [f for f in meta.accessibility_features if f not in FEATURE_MODALITY]


def to_schema_org(record) -> dict:
    """The schema.org properties of a Record (for JSON-LD and the API)."""
    data = {}
    if record.access_modes:
        data["accessMode"] = list(record.access_modes)
    if record.access_mode_sufficient:
        data["accessModeSufficient"] = [
            {"@type": "ItemList", "itemListElement": list(s), "description": ",".join(s)}
            for s in record.access_mode_sufficient
        ]
    if record.accessibility_features:
        data["accessibilityFeature"] = list(record.accessibility_features)
    if record.accessibility_hazards:
        data["accessibilityHazard"] = list(record.accessibility_hazards)
    if record.accessibility_summary:
        data["accessibilitySummary"] = record.accessibility_summary
    return data
