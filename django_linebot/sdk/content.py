"""Responses with the Perl SDK's extra accessors: downloads (``fh``) and the v2.1 key list (``key_ids``)."""

from __future__ import annotations

import tempfile
from typing import IO

from .response import LineBotResponse


class ContentResponse(LineBotResponse):
    """A download: ``content`` (bytes, when kept in memory) or ``path`` (when streamed to a file),
    ``content_type``, and ``fh``, the Perl SDK's file handle on the downloaded bytes."""

    __slots__ = ("_fh",)
    _fh: IO[bytes]

    @property
    def fh(self) -> IO[bytes]:
        """An open binary file holding the download, read from its start (Perl's ``$res->fh``).

        The file the download was streamed to, or a named temporary file (removed when closed) for
        bytes kept in memory; its ``name`` is the path (Perl's ``$res->fh->filename``).
        """
        try:
            return self._fh
        except AttributeError:
            pass
        if self.path is not None:
            fh: IO[bytes] = open(self.path, "rb")  # noqa: SIM115 - handed to the caller
        else:
            fh = tempfile.NamedTemporaryFile(prefix="line-content-")  # noqa: SIM115
            fh.write(self.content or b"")
            fh.seek(0)
        self._fh = fh
        return fh


class KeyIdsResponse(LineBotResponse):
    """The v2.1 key list (``gets_all_valid_channel_access_token_key_ids``): ``kids``, also as ``key_ids``."""

    __slots__ = ()

    @property
    def key_ids(self) -> list[str]:
        """The key IDs of the valid v2.1 tokens (LINE's ``kids``; Perl's ``$res->key_ids``)."""
        data = self.data if isinstance(self.data, dict) else {}
        return list(data.get("kids") or [])


#: Response classes by schema name where the Perl SDK reads a field under another name.
PERL_RESPONSES: dict[str, type[LineBotResponse]] = {"ChannelAccessTokenKeyIdsResponse": KeyIdsResponse}

__all__ = ["PERL_RESPONSES", "ContentResponse", "KeyIdsResponse"]
