"""Checking a complaint's attachment by its content, not its name.

Only JPEG, PNG, WebP and PDF are accepted, recognised by their first bytes ("magic numbers"); a file
called photo.jpg that is really HTML or a program is refused. Images are decoded and saved again,
which proves they are images and drops their metadata: a phone photo's EXIF carries the GPS position
and the device, which would unmask a filer who chose to stay anonymous.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from loket.portal import conf

FILE_TOO_LARGE = _("The attachment is too large (%(size)s). The limit is %(limit)s.")
FILE_TYPE_REFUSED = _(
    "Attach a photo (JPEG, PNG or WebP) or a PDF document. Other kinds of file are not accepted."
)
IMAGE_UNREADABLE = _("The photo could not be read. Try taking it again or attach a PDF.")

PDF = "application/pdf"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", PDF: "pdf"}
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; larger is a decompression bomb, not a complaint


@dataclass(frozen=True)
class CheckedFile:
    content: ContentFile
    content_type: str


def sniff(head: bytes) -> str | None:
    """The type a file really is, from its first bytes; None when it is none we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def check_attachment(upload: UploadedFile) -> CheckedFile:
    limit = conf.max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            FILE_TOO_LARGE,
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            FILE_TOO_LARGE,
            code="too_large",
            params={"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
        )
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(FILE_TYPE_REFUSED, code="type_refused")
    if content_type != PDF:
        data = _reencode(data, content_type)
    # A random name: the filer's own file name may carry their name or the date of the photo.
    name = f"{secrets.token_hex(12)}.{EXTENSIONS[content_type]}"
    return CheckedFile(content=ContentFile(data, name=name), content_type=content_type)


def _reencode(data: bytes, content_type: str) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(FILE_TYPE_REFUSED, code="too_many_pixels")
            image.load()
            # Keep the photo the right way up before the orientation tag goes with the metadata.
            upright = ImageOps.exif_transpose(image) or image
            if content_type == "image/jpeg" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            upright.save(
                out,
                format=PIL_FORMATS[content_type],
                **({"quality": 85} if content_type != "image/png" else {}),
            )
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(IMAGE_UNREADABLE, code="image_unreadable") from None
