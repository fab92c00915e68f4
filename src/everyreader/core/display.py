"""Display preferences: text size, contrast, spacing, motion and easy-read layout.

Visitors keep them in a cookie; signed-in users on their account. The server renders them as
classes on <html>, so the first paint is already right.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import parse_qsl, urlencode

from django.utils.translation import gettext_lazy as _

TEXT_SIZES = [("100", _("Standard (100%)")), ("150", _("Large (150%)")), ("200", _("Very large (200%)"))]
CONTRASTS = [("standard", _("Standard colours")), ("high", _("High contrast (light text on dark)"))]


@dataclass(frozen=True)
class DisplayPreferences:
    size: str = "100"
    contrast: str = "standard"
    dyslexia: bool = False
    reduced_motion: bool = False
    easy_read: bool = False

    COOKIE_NAME = "everyreader_display"
    COOKIE_AGE = 365 * 24 * 3600

    @classmethod
    def from_dict(cls, data: dict) -> DisplayPreferences:
        size = str(data.get("size", "100"))
        contrast = str(data.get("contrast", "standard"))
        return cls(
            size=size if size in dict(TEXT_SIZES) else "100",
            contrast=contrast if contrast in dict(CONTRASTS) else "standard",
            dyslexia=_truthy(data.get("dyslexia")),
            reduced_motion=_truthy(data.get("reduced_motion") or data.get("motion") == "reduced"),
            easy_read=_truthy(data.get("easy_read")),
        )

    @classmethod
    def from_cookie(cls, value: str) -> DisplayPreferences:
        try:
            return cls.from_dict(dict(parse_qsl(value or "", max_num_fields=10)))
        except ValueError:
            return cls()

    def to_dict(self) -> dict:
        return asdict(self)

    def to_cookie(self) -> str:
        data = {"size": self.size, "contrast": self.contrast}
        for flag in ("dyslexia", "reduced_motion", "easy_read"):
            if getattr(self, flag):
                data[flag] = "1"
        return urlencode(data)

    @property
    def is_default(self) -> bool:
        return self == DisplayPreferences()

    @property
    def html_classes(self) -> str:
        classes = [f"text-{self.size}", f"contrast-{self.contrast}"]
        if self.dyslexia:
            classes.append("dyslexia")
        if self.reduced_motion:
            classes.append("reduced-motion")
        if self.easy_read:
            classes.append("easy-read")
        return " ".join(classes)


def _truthy(value) -> bool:
    return value is True or str(value).lower() in {"1", "true", "on", "yes"}
