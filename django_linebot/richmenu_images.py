"""Local checks of a rich menu image, as LINE makes them."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError

from .sdk import limits

_FORMAT_NAMES = " or ".join(limits.RICH_MENU_IMAGE_FORMATS)  # "JPEG or PNG"


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
        raise ValidationError(f"The image is not a {_FORMAT_NAMES} file.", code="format") from None
    finally:
        if reopened:
            fileobj.close()
        elif hasattr(fileobj, "seek"):
            fileobj.seek(pos)
    if fmt not in limits.RICH_MENU_IMAGE_FORMATS:
        raise ValidationError(f"The image is {fmt}; LINE takes {_FORMAT_NAMES}.", code="format")
    return limits.RICH_MENU_IMAGE_FORMATS[fmt], width, height


def validate_rich_menu_image(fileobj: IO[bytes]) -> None:
    """Raise ``ValidationError`` naming every limit the image breaks."""
    size = getattr(fileobj, "size", None)
    errors = []
    if size is not None and size > limits.RICH_MENU_IMAGE_MAX_BYTES:
        errors.append(
            ValidationError(
                f"The image is {size:,} bytes; LINE takes at most {limits.RICH_MENU_IMAGE_MAX_BYTES:,}.",
                code="size",
            )
        )
    _, width, height = inspect_image(fileobj)
    if not limits.RICH_MENU_MIN_WIDTH <= width <= limits.RICH_MENU_MAX_WIDTH:
        errors.append(
            ValidationError(
                f"The image is {width} px wide; "
                f"LINE takes {limits.RICH_MENU_MIN_WIDTH} to {limits.RICH_MENU_MAX_WIDTH}.",
                code="width",
            )
        )
    if height < limits.RICH_MENU_MIN_HEIGHT:
        errors.append(
            ValidationError(
                f"The image is {height} px high; LINE takes at least {limits.RICH_MENU_MIN_HEIGHT}.",
                code="height",
            )
        )
    if height and width / height < limits.RICH_MENU_MIN_ASPECT_RATIO:
        errors.append(
            ValidationError(
                f"The aspect ratio (width / height) is {width / height:.3f}; "
                f"LINE takes at least {limits.RICH_MENU_MIN_ASPECT_RATIO}.",
                code="aspect",
            )
        )
    if errors:
        raise ValidationError(errors)
