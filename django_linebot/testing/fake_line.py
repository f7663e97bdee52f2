"""Where :class:`FakeLinePlatform`, :class:`Fault` and :class:`RecordedRequest` were imported from
before the fake became the package :mod:`django_linebot.testing.fake`: kept for those imports."""

from .fake import DEFAULT_CHANNEL, ChannelState, FakeLinePlatform, Fault, RecordedRequest

__all__ = ["DEFAULT_CHANNEL", "ChannelState", "FakeLinePlatform", "Fault", "RecordedRequest"]
