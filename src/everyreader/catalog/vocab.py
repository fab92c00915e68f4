"""Controlled vocabularies of the catalogue: formats, audiences, item statuses and the schema.org
accessibility terms (accessMode, accessibilityFeature, accessibilityHazard)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    PRINT = "print", _("Print")
    LARGE_PRINT = "large_print", _("Large print")
    BRAILLE = "braille", _("Braille")
    AUDIO = "audio", _("Audio book")
    DAISY = "daisy", _("DAISY talking book")
    ETEXT = "etext", _("E-text / EPUB 3")
    EASY_READ = "easy_read", _("Easy-read")
    SIGN_VIDEO = "sign_video", _("Sign-language video")
    CAPTIONED_VIDEO = "captioned_video", _("Captioned video")
    TACTILE = "tactile", _("Tactile book")
    DEVICE = "device", _("Assistive device")


#: Formats that count as "accessible formats" (the Atom feed, the staff report, the facet order).
ACCESSIBLE_FORMATS = frozenset(f.value for f in Format if f not in (Format.PRINT,))


class Audience(models.TextChoices):
    GENERAL = "general", _("General")
    ADULT = "adult", _("Adults")
    YOUNG_ADULT = "young_adult", _("Young adults")
    CHILDREN = "children", _("Children")
    PRESCHOOL = "preschool", _("Pre-school children")
    SPECIALISED = "specialised", _("Specialised readers")


class ItemStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    ON_LOAN = "on_loan", _("On loan")
    ON_HOLD = "on_hold", _("On hold shelf")
    IN_TRANSIT = "in_transit", _("In transit")
    IN_REPAIR = "in_repair", _("Being repaired")
    MISSING = "missing", _("Missing")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# schema.org accessibility vocabulary (W3C "Schema.org Accessibility Properties for
# Discoverability Vocabulary"). Values are the schema.org terms; labels are translated.
ACCESS_MODES = {
    "auditory": _("Auditory"),
    "tactile": _("Tactile"),
    "textual": _("Textual"),
    "visual": _("Visual"),
}

ACCESSIBILITY_FEATURES = {
    "alternativeText": _("Text alternatives for images"),
    "audioDescription": _("Audio description"),
    "braille": _("Braille"),
    "captions": _("Captions"),
    "displayTransformability": _("Adjustable text display"),
    "highContrastDisplay": _("High contrast"),
    "largePrint": _("Large print"),
    "longDescription": _("Long descriptions"),
    "signLanguage": _("Sign language"),
    "structuralNavigation": _("Navigation by headings"),
    "synchronizedAudioText": _("Text and audio in sync"),
    "tableOfContents": _("Table of contents"),
    "tactileGraphic": _("Tactile graphics"),
    "tactileObject": _("Tactile objects"),
    "transcript": _("Transcript"),
    "ttsMarkup": _("Text-to-speech markup"),
    "easyRead": _("Easy-read text"),
    "none": _("No accessibility features"),
    "unknown": _("Accessibility features not known"),
}

ACCESSIBILITY_HAZARDS = {
    "none": _("No hazards"),
    "noFlashingHazard": _("No flashing hazard"),
    "noMotionSimulationHazard": _("No motion simulation hazard"),
    "noSoundHazard": _("No sound hazard"),
    "flashing": _("Flashing hazard"),
    "motionSimulation": _("Motion simulation hazard"),
    "sound": _("Sound hazard"),
    "unknown": _("Hazards not known"),
}

#: Which 341 subfield holds a feature: $b textual, $c visual, $d auditory, $e tactile.
FEATURE_MODALITY = {
    "alternativeText": "b", "captions": "b", "longDescription": "b", "transcript": "b",
    "tableOfContents": "b", "structuralNavigation": "b", "ttsMarkup": "b", "easyRead": "b",
    "displayTransformability": "c", "highContrastDisplay": "c", "largePrint": "c",
    "signLanguage": "c",
    "audioDescription": "d", "synchronizedAudioText": "d",
    "braille": "e", "tactileGraphic": "e", "tactileObject": "e",
}

#: Accessibility features each format implies (used by the cataloguing form and the importer).
FORMAT_FEATURES = {
    Format.LARGE_PRINT: ["largePrint"],
    Format.BRAILLE: ["braille"],
    Format.DAISY: ["synchronizedAudioText", "structuralNavigation"],
    Format.ETEXT: ["displayTransformability", "structuralNavigation"],
    Format.EASY_READ: ["easyRead"],
    Format.SIGN_VIDEO: ["signLanguage"],
    Format.CAPTIONED_VIDEO: ["captions"],
    Format.TACTILE: ["tactileGraphic"],
}

FORMAT_ACCESS_MODES = {
    Format.PRINT: ["textual", "visual"],
    Format.LARGE_PRINT: ["textual", "visual"],
    Format.BRAILLE: ["tactile"],
    Format.AUDIO: ["auditory"],
    Format.DAISY: ["auditory", "textual"],
    Format.ETEXT: ["textual"],
    Format.EASY_READ: ["textual", "visual"],
    Format.SIGN_VIDEO: ["visual"],
    Format.CAPTIONED_VIDEO: ["visual", "auditory"],
    Format.TACTILE: ["tactile"],
}

LANGUAGES = {
    "chi": _("Chinese"),
    "eng": _("English"),
    "jpn": _("Japanese"),
    "kor": _("Korean"),
    "fre": _("French"),
    "ger": _("German"),
    "spa": _("Spanish"),
    "rus": _("Russian"),
}


def label(mapping: dict, value: str) -> str:
    return str(mapping.get(value, value))


def format_label(value: str) -> str:
    try:
        return str(Format(value).label)
    except ValueError:
        return value
