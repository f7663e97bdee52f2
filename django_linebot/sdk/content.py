"""The response of a download, with the Perl SDK's ``fh``.

(The v2.1 key list's ``key_ids``, Perl's name of LINE's ``kids``, is declared on the generated
:class:`~django_linebot.sdk.responses.ChannelAccessTokenKeyIdsResponse`.)
"""

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


__all__ = ["ContentResponse"]
