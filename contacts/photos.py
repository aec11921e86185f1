"""Advisor photos: validated as real raster images, then resized and re-encoded.

Re-encoding is the safety step: whatever was uploaded (EXIF with GPS data,
polyglot files, trailing scripts), what is stored is a fresh JPEG we wrote
ourselves under a random name. SVG is refused outright: it is a document that
can carry scripts, not an image.
"""

from __future__ import annotations

import io
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Refuse before decoding pixels: a small file can declare a huge canvas.
MAX_PIXELS = 40_000_000
# "MPO" is a JPEG with a second picture inside (a camera's preview, an iPhone's HDR gain map):
# Pillow names most phone photos so. The first picture is the photo.
ALLOWED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF"})
STORED_SIZE = (480, 480)
STORED_FORMAT = "JPEG"


def _looks_like_svg(head: bytes) -> bool:
    sample = head.lstrip().lower()
    return sample.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in sample[:1024]


def _on_white(image: Image.Image) -> Image.Image:
    """RGB for the JPEG; transparent parts become white (a plain convert turns them black)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def process_photo(upload) -> SimpleUploadedFile:
    """Validate ``upload`` and return a resized JPEG ready to store.

    Raises ValidationError with a message the uploader can act on.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s). Please upload at most %(max)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if (upload.name or "").lower().endswith((".svg", ".svgz")) or _looks_like_svg(head):
        raise ValidationError(
            _("SVG files are not accepted. Please upload a photo as JPEG, PNG or WebP."), code="svg"
        )
    invalid = ValidationError(
        _("This file is not a photo we can read. Please upload a JPEG, PNG or WebP image."),
        code="invalid_image",
    )
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()  # checks the file's structure without decoding everything
    except Image.DecompressionBombError as exc:  # Pillow's own limit, far above ours: said the same way
        raise ValidationError(
            _("The photo has too many pixels. Please upload a smaller one."), code="too_many_pixels"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise invalid from exc
    if image_format not in ALLOWED_FORMATS:
        raise invalid
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The photo has too many pixels (%(width)s × %(height)s). Please upload a smaller one."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)  # phones store rotation in EXIF
            image = ImageOps.fit(_on_white(image), STORED_SIZE, method=Image.Resampling.LANCZOS)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise invalid from exc
    output = io.BytesIO()
    image.save(output, STORED_FORMAT, quality=85, optimize=True)
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.jpg", output.getvalue(), content_type="image/jpeg")


def delete_after_commit(photo) -> None:
    """Remove the stored file of a photo that was replaced or taken down, once that is saved.

    Nothing shows it any more, and nothing could bring it back (a profile's history leaves the
    photo out): left on the server, the photo of an advisor who left stayed in every backup.
    """
    if photo:
        storage, name = photo.storage, photo.name
        transaction.on_commit(lambda: storage.delete(name))


class _ServedPhoto:
    """The stored photo as the admin widget shows it: linked to the photo view, not to MEDIA_URL."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url

    def __str__(self) -> str:
        return self.name


class PhotoInput(forms.ClearableFileInput):
    # Set by the form for an advisor who has a photo (see contacts.views.photo).
    photo_url = ""

    def format_value(self, value):
        value = super().format_value(value)
        if value and self.photo_url:
            return _ServedPhoto(str(value), self.photo_url)
        return value


class PhotoField(forms.FileField):
    """A file field that accepts only photos and hands on the processed JPEG.

    Deliberately not forms.ImageField: that one decodes the upload before we
    could check its size and kind.
    """

    widget = PhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return process_photo(upload)
