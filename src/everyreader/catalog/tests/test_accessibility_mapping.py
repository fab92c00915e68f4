from pymarc import Field, Subfield

from everyreader.catalog.accessibility import AccessibilityMetadata, from_marc, to_marc, to_schema_org
from everyreader.catalog.models import Record


def _subfields(field):
    return [(sf.code, sf.value) for sf in field.subfields]


def test_schema_org_to_341_and_532():
    meta = AccessibilityMetadata(
        access_modes=["textual", "visual"], access_mode_sufficient=[["textual"], ["auditory"]],
        accessibility_features=["largePrint", "tableOfContents", "audioDescription", "braille"],
        accessibility_hazards=["noFlashingHazard"], accessibility_summary="大字版，18 磅。")
    fields = to_marc(meta)
    f341 = [f for f in fields if f.tag == "341"]
    assert len(f341) == 2
    assert _subfields(f341[0]) == [("a", "textual"), ("b", "tableOfContents"), ("c", "largePrint"),
                                   ("d", "audioDescription"), ("e", "braille"), ("2", "sapdv")]
    assert _subfields(f341[1]) == [("a", "auditory"), ("2", "sapdv")]
    notes = {(f.indicator1, f.get_subfields("a")[0]) for f in fields if f.tag == "532"}
    assert notes == {("0", "accessMode: textual, visual"), ("0", "accessibilityHazard: noFlashingHazard"),
                     ("8", "大字版，18 磅。")}


def test_341_and_532_to_schema_org_round_trip():
    meta = AccessibilityMetadata(
        access_modes=["auditory", "textual"], access_mode_sufficient=[["auditory"], ["textual", "visual"]],
        accessibility_features=["synchronizedAudioText", "structuralNavigation"],
        accessibility_hazards=["none"], accessibility_summary="DAISY")
    fields = to_marc(meta)
    back = from_marc([f for f in fields if f.tag == "341"], [f for f in fields if f.tag == "532"])
    assert back.access_modes == meta.access_modes
    assert back.access_mode_sufficient == meta.access_mode_sufficient
    assert sorted(back.accessibility_features) == sorted(meta.accessibility_features)
    assert back.accessibility_hazards == ["none"]
    assert back.accessibility_summary == "DAISY"


def test_library_phrases_in_341_are_understood():
    field = Field(tag="341", indicators=["0", " "], subfields=[
        Subfield("a", "Textual"), Subfield("b", "Closed captions"), Subfield("c", "Large print; Sign language"),
        Subfield("e", "Braille"), Subfield("e", "made-up feature")])
    meta = from_marc([field], [Field(tag="532", indicators=["1", " "], subfields=[Subfield("a", "Fully accessible")])])
    assert meta.access_modes == ["textual"]
    assert meta.accessibility_features == ["captions", "largePrint", "signLanguage", "braille"]
    assert meta.accessibility_summary == "Fully accessible"


def test_empty_metadata_writes_nothing():
    assert to_marc(AccessibilityMetadata()) == []
    assert from_marc([], []).is_empty()


def test_schema_org_properties_of_a_record():
    record = Record(access_modes=["tactile"], access_mode_sufficient=[["tactile"]],
                    accessibility_features=["braille"], accessibility_hazards=["none"],
                    accessibility_summary="二级盲文")
    data = to_schema_org(record)
    assert data["accessMode"] == ["tactile"]
    assert data["accessibilityFeature"] == ["braille"]
    assert data["accessibilityHazard"] == ["none"]
    assert data["accessibilitySummary"] == "二级盲文"
    assert data["accessModeSufficient"][0]["itemListElement"] == ["tactile"]
