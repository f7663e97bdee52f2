"""Generated rich menu images for tests."""

from __future__ import annotations

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(width: int, height: int, fmt: str = "PNG", noise: bool = False) -> bytes:
    if noise:
        img = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        img = Image.new("RGB", (width, height), (40, 120, 200))
    buf = io.BytesIO()
    img.save(buf, format=fmt)
    return buf.getvalue()


def upload(width: int = 2500, height: int = 843, fmt: str = "PNG", noise: bool = False) -> SimpleUploadedFile:
    ext = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}[fmt]
    ctype = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}[fmt]
    return SimpleUploadedFile(f"menu.{ext}", image_bytes(width, height, fmt, noise), content_type=ctype)
