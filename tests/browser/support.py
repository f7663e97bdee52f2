"""What the browser tests share: where Debian's Chromium and its driver are, and a rich menu image."""

from __future__ import annotations

import io
import shutil

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def menu_image() -> SimpleUploadedFile:
    img = Image.new("RGB", (2500, 843), (250, 250, 250))
    draw = ImageDraw.Draw(img)
    for i, (label, colour) in enumerate(
        [("SHOP", (255, 183, 77)), ("NEWS", (129, 199, 132)), ("HELP", (100, 181, 246))]
    ):
        draw.rectangle([i * 833 + 20, 20, (i + 1) * 833 - 20, 823], fill=colour)
        draw.text((i * 833 + 330, 380), label, fill=(30, 30, 30), font_size=120)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return SimpleUploadedFile("menu.png", buf.getvalue(), content_type="image/png")
