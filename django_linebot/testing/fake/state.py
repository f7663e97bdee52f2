"""What the fake remembers: one :class:`ChannelState` per channel, and what all channels share.

LINE keeps a channel's rich menus, aliases, default menu, audiences, quota and sent messages apart
from every other channel's, and so does the fake: a request's access token names its channel.
A token the fake issued (``/v2/oauth/accessToken``, ``/oauth2/v2.1/token``, ``/oauth2/v3/token``)
belongs to the channel that asked for it; a token given to :meth:`PlatformState.add_channel` (or
to the constructor's ``channel_tokens``) to that channel; any other token to the channel
:data:`DEFAULT_CHANNEL`, the one the platform's own attributes (``fake.rich_menus``...) show.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...sdk import limits
from .routing import RecordedRequest, Reply

#: The channel of every access token the fake was not told about.
DEFAULT_CHANNEL = "default"
#: LINE's answer to a reply token used twice, expired, or unknown.
INVALID_REPLY_TOKEN = "Invalid reply token"


@dataclass
class ChannelState:
    """One channel's state on the fake LINE platform."""

    channel_id: str
    platform: PlatformState = field(repr=False)
    #: The channel secret, to sign the webhook test delivery (``None``: the fake cannot sign).
    secret: str | None = field(default=None, repr=False)
    sent_messages: list[dict[str, Any]] = field(default_factory=list)
    retry_keys: dict[str, str] = field(default_factory=dict)
    rich_menus: dict[str, dict[str, Any]] = field(default_factory=dict)
    rich_menu_images: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    default_rich_menu: str | None = None
    user_rich_menus: dict[str, str] = field(default_factory=dict)
    #: Rich menu insight per LINE rich menu ID and day (``"yyyyMMdd"``), as tests set it:
    #: ``{"impression": [count, unique users], "clicks": [[count, unique users] per area, ...]}``.
    #: A day not here is below LINE's privacy threshold (LINE answers only ``richMenuId``).
    rich_menu_insights: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    contents: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    followers: list[str] = field(default_factory=list)
    audiences: dict[int, dict[str, Any]] = field(default_factory=dict)
    authority_level: str = "PUBLIC"
    webhook_endpoint: str = "https://example.com/line/webhook/"
    quota: int | None = 1000
    narrowcast_phase: str = "succeeded"  # or "waiting", "sending", "failed"
    #: Reply tokens the test harness registered, with when (the platform's clock) they were issued.
    reply_tokens: dict[str, float] = field(default_factory=dict)
    #: Reply tokens already used: LINE accepts each once.
    used_reply_tokens: set[str] = field(default_factory=set)
    #: State of the routes in :mod:`.more` (LIFF apps, coupons, ...), by name.
    extra: dict[str, Any] = field(default_factory=dict)

    def record_send(self, entry: dict[str, Any]) -> None:
        """Keep a send: in this channel's ``sent_messages`` and the platform's log of every channel."""
        entry = {**entry, "channel": self.channel_id}
        self.sent_messages.append(entry)
        self.platform.sent_messages.append(entry)

    def register_reply_token(self, token: str, issued_at: float | None = None) -> None:
        """Make ``token`` a reply token LINE gave this channel at ``issued_at`` (default: now)."""
        self.reply_tokens[token] = self.platform.now() if issued_at is None else issued_at
        self.used_reply_tokens.discard(token)

    def use_reply_token(self, token: Any) -> None:
        """Spend ``token`` or raise LINE's 400: used before, or registered more than a minute ago.

        A token never registered and never used is accepted (the fake cannot know every token a
        test makes up), once.
        """
        if not isinstance(token, str) or not token or token in self.used_reply_tokens:
            raise Reply(400, {"message": INVALID_REPLY_TOKEN})
        issued = self.reply_tokens.get(token)
        if issued is not None and self.platform.now() - issued > limits.REPLY_TOKEN_SECONDS:
            raise Reply(400, {"message": INVALID_REPLY_TOKEN})
        self.used_reply_tokens.add(token)

    def snapshot(self) -> dict[str, Any]:
        """The state as JSON (``GET /_fake/state``): no secret, and content bytes as their sizes."""
        return {
            "channel_id": self.channel_id,
            "has_secret": self.secret is not None,
            "rich_menus": self.rich_menus,
            "rich_menu_images": {
                k: {"content_type": c, "size": len(b)} for k, (c, b) in self.rich_menu_images.items()
            },
            "aliases": self.aliases,
            "default_rich_menu": self.default_rich_menu,
            "user_rich_menus": self.user_rich_menus,
            "contents": _sizes(self.contents),
            "profiles": self.profiles,
            "followers": self.followers,
            "audiences": list(self.audiences.values()),
            "authority_level": self.authority_level,
            "webhook_endpoint": self.webhook_endpoint,
            "quota": self.quota,
            "narrowcast_phase": self.narrowcast_phase,
            "sent_count": len(self.sent_messages),
            "reply_tokens_used": sorted(self.used_reply_tokens),
        }


def _sizes(blobs: dict[str, tuple[str, bytes]]) -> dict[str, dict[str, Any]]:
    return {key: {"content_type": ctype, "size": len(data)} for key, (ctype, data) in blobs.items()}


#: The attributes ``POST /_fake/state`` may set, with the JSON types each takes.
SETTABLE: dict[str, tuple[type, ...]] = {
    "secret": (str,),
    "webhook_endpoint": (str,),
    "quota": (int, type(None)),
    "narrowcast_phase": (str,),
    "authority_level": (str,),
    "followers": (list,),
    "profiles": (dict,),
}


class _OfDefaultChannel:
    """An attribute of the platform that is the default channel's (``fake.rich_menus``...)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: PlatformState | None, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        return getattr(obj.channel(), self.name)

    def __set__(self, obj: PlatformState, value: Any) -> None:
        setattr(obj.channel(), self.name, value)


class PlatformState:
    """Every channel's state, the tokens and which channel each belongs to, the log, and the clock."""

    rich_menus = _OfDefaultChannel()
    rich_menu_images = _OfDefaultChannel()
    aliases = _OfDefaultChannel()
    default_rich_menu = _OfDefaultChannel()
    user_rich_menus = _OfDefaultChannel()
    rich_menu_insights = _OfDefaultChannel()
    contents = _OfDefaultChannel()
    profiles = _OfDefaultChannel()
    followers = _OfDefaultChannel()
    audiences = _OfDefaultChannel()
    authority_level = _OfDefaultChannel()
    webhook_endpoint = _OfDefaultChannel()
    quota = _OfDefaultChannel()
    narrowcast_phase = _OfDefaultChannel()
    retry_keys = _OfDefaultChannel()
    extra = _OfDefaultChannel()

    def __init__(
        self,
        seed: int = 0,
        channel_secrets: Mapping[str, str] | None = None,
        channel_tokens: Mapping[str, str] | None = None,
    ) -> None:
        self._lock = threading.RLock()
        self.rng = random.Random(seed)
        self._channel_secrets = dict(channel_secrets or {})
        self._channel_tokens = dict(channel_tokens or {})
        self._clock: float | None = None
        self._clock_set_at = 0.0
        self.reset_state()

    def reset_state(self) -> None:
        """Forget every channel's state, every request and every issued token (not the constructor's
        secrets and tokens), and let the clock run again."""
        with self._lock:
            self.channels: dict[str, ChannelState] = {}
            self.token_channels: dict[str, str] = dict(self._channel_tokens)
            self.issued_tokens: dict[str, dict[str, Any]] = {}
            self.requests: list[RecordedRequest] = []
            #: Every send of every channel, in order; each entry names its ``channel``.
            self.sent_messages: list[dict[str, Any]] = []
            self._clock = None

    # ------------------------------------------------------------- channels

    def channel(self, channel_id: str = DEFAULT_CHANNEL) -> ChannelState:
        """The state of ``channel_id`` (created empty on first use)."""
        with self._lock:
            state = self.channels.get(channel_id)
            if state is None:
                state = ChannelState(channel_id, self, secret=self._channel_secrets.get(channel_id))
                self.channels[channel_id] = state
            return state

    def add_channel(
        self,
        channel_id: str,
        *,
        secret: str | None = None,
        access_tokens: Iterable[str] = (),
        webhook_endpoint: str | None = None,
    ) -> ChannelState:
        """Tell the fake about a channel: its secret (to sign the webhook test), the access tokens that
        are its own, and its webhook URL. Forgotten by :meth:`reset` (the constructor's are not)."""
        with self._lock:
            state = self.channel(channel_id)
            if secret is not None:
                state.secret = secret
            if webhook_endpoint is not None:
                state.webhook_endpoint = webhook_endpoint
            for token in access_tokens:
                self.token_channels[token] = channel_id
            return state

    def channel_of_token(self, token: str) -> ChannelState:
        """The channel an access token belongs to (:data:`DEFAULT_CHANNEL` for one not known)."""
        with self._lock:
            return self.channel(self.token_channels.get(token, DEFAULT_CHANNEL))

    def register_reply_token(self, token: str, channel_id: str = DEFAULT_CHANNEL) -> None:
        """Make ``token`` a reply token LINE just gave ``channel_id``: usable once, for a minute."""
        with self._lock:
            self.channel(channel_id).register_reply_token(token)

    # ---------------------------------------------------------------- clock

    def now(self) -> float:
        """The fake's time: the real clock, or the one :meth:`set_time` / :meth:`advance` set."""
        with self._lock:
            return time.time() if self._clock is None else self._clock

    def set_time(self, timestamp: float | None) -> None:
        """Stop the fake's clock at ``timestamp`` (``None``: the real clock again)."""
        with self._lock:
            self._clock = timestamp

    def advance(self, seconds: float) -> float:
        """Move the fake's clock on by ``seconds`` (stopping it there); the new time."""
        with self._lock:
            self._clock = self.now() + seconds
            return self._clock

    # --------------------------------------------------------------- reading

    def messages_to(self, user_id: str) -> list[dict[str, Any]]:
        """Every message object delivered to ``user_id`` (push, or multicast), on any channel."""
        with self._lock:
            out = []
            for sent in self.sent_messages:
                to = sent["to"]
                if to == user_id or (isinstance(to, list) and user_id in to):
                    out.extend(sent["messages"])
            return out
