"""Local checks of a rich menu image, as LINE makes them."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError

MIN_WIDTH, MAX_WIDTH = 800, 2500
MIN_HEIGHT = 250
MIN_ASPECT = 1.45
MAX_BYTES = 1024 * 1024
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def inspect_image(fileobj: IO[bytes]) -> tuple[str, int, int]:
    """(content type, width, height) of a JPEG or PNG; ``ValidationError`` for anything else."""
    from PIL import Image, UnidentifiedImageError

    reopened = bool(getattr(fileobj, "closed", False)) and hasattr(fileobj, "open")
    if reopened:  # a stored image Django closed after reading its dimensions
        try:
            fileobj.open("rb")  # type: ignore[attr-defined]
        except OSError:
            raise ValidationError("The stored image file cannot be read.", code="missing") from None
    pos = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        with Image.open(fileobj) as img:
            fmt, (width, height) = img.format, img.size
    except (UnidentifiedImageError, OSError):
        raise ValidationError("The image is not a JPEG or PNG file.", code="format") from None
    finally:
        if reopened:
            fileobj.close()
        elif hasattr(fileobj, "seek"):
            fileobj.seek(pos)
    if fmt not in FORMATS:
        raise ValidationError(f"The image is {fmt}; LINE takes JPEG or PNG.", code="format")
    return FORMATS[fmt], width, height


def validate_rich_menu_image(fileobj: IO[bytes]) -> None:
    """Raise ``ValidationError`` naming every limit the image breaks."""
    size = getattr(fileobj, "size", None)
    errors = []
    if size is not None and size > MAX_BYTES:
        errors.append(
            ValidationError(f"The image is {size:,} bytes; LINE takes at most {MAX_BYTES:,}.", code="size")
        )
    _, width, height = inspect_image(fileobj)
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        errors.append(
            ValidationError(
                f"The image is {width} px wide; LINE takes {MIN_WIDTH} to {MAX_WIDTH}.", code="width"
            )
        )
    if height < MIN_HEIGHT:
        errors.append(
            ValidationError(
                f"The image is {height} px high; LINE takes at least {MIN_HEIGHT}.", code="height"
            )
        )
    if height and width / height < MIN_ASPECT:
        errors.append(
            ValidationError(
                f"The aspect ratio (width / height) is {width / height:.3f}; "
                f"LINE takes at least {MIN_ASPECT}.",
                code="aspect",
            )
        )
    if errors:
        raise ValidationError(errors)
