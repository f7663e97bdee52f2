"""The admin search box, safe for any input."""

from __future__ import annotations

import re

#: What no database column can hold: PostgreSQL refuses NUL in a string literal, and a lone
#: surrogate cannot be encoded as UTF-8 by any driver.
_UNSEARCHABLE = re.compile("[\x00\ud800-\udfff]")


def clean_search_term(term: str) -> str:
    """``term`` without the characters no stored value can contain (searching them: a miss, not a 500)."""
    return _UNSEARCHABLE.sub("", term)
