"""Checks on uploaded attachments: size, count, and the file's real type from its first bytes."""

from __future__ import annotations

import os
import secrets

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from everyreader.core.errors import DomainError

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024

# type name -> (content type, allowed extensions, signature check)
TYPES = {
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}, lambda h: h.startswith(b"\xff\xd8\xff")),
    "png": ("image/png", {".png"}, lambda h: h.startswith(b"\x89PNG\r\n\x1a\n")),
    "gif": ("image/gif", {".gif"}, lambda h: h[:6] in (b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", {".webp"}, lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP"),
    "pdf": ("application/pdf", {".pdf"}, lambda h: h.startswith(b"%PDF-")),
    "mp3": ("audio/mpeg", {".mp3"}, lambda h: h.startswith(b"ID3") or h[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    "m4a": ("audio/mp4", {".m4a"}, lambda h: h[4:8] == b"ftyp"),
}
ALLOWED_LABEL = "JPG, PNG, GIF, WebP, PDF, MP3, M4A"


def detect(upload) -> tuple[str, str]:
    """(content type, safe extension) of an upload, or DomainError if it is not allowed."""
    name = os.path.basename(getattr(upload, "name", "") or "")
    extension = os.path.splitext(name)[1].lower()
    if upload.size > MAX_BYTES:
        raise DomainError(_("“%(name)s” is too large: the limit is %(limit)s.")
                          % {"name": name, "limit": filesizeformat(MAX_BYTES)}, field="attachments")
    if upload.size == 0:
        raise DomainError(_("“%(name)s” is empty.") % {"name": name}, field="attachments")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, extensions, matches in TYPES.values():
        if extension in extensions and matches(head):
            return content_type, extension
    raise DomainError(
        _("“%(name)s” is not a file type we accept, or its content does not match its name. "
          "Accepted: %(types)s.") % {"name": name, "types": ALLOWED_LABEL}, field="attachments")


def check_all(uploads) -> list[tuple[object, str, str]]:
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_FILES:
        raise DomainError(_("Attach at most %(count)d files.") % {"count": MAX_FILES}, field="attachments")
    return [(u, *detect(u)) for u in uploads]


def storage_name(extension: str) -> str:
    """A random file name: the reader's own file name is kept only as a label."""
    return f"{secrets.token_hex(16)}{extension}"
