"""A fake LINE platform: a threaded HTTP server on 127.0.0.1 for tests and local development.

It answers the Messaging API, channel access token, audience, insight, LIFF, module and shop
endpoints from memory, records every request, injects faults on demand, and, when given LINE's
OpenAPI documents, refuses any request whose shape disagrees with them::

    with FakeLinePlatform() as line:
        api = LineBotApi(channel_access_token="t", api_endpoint=line.url, api_data_endpoint=line.url)
        api.push_message("U1", [{"type": "text", "text": "hi"}])
        assert line.sent_messages[0]["messages"][0]["text"] == "hi"

What it checks as LINE does, beyond the OpenAPI documents: the bearer token (401), a reply token
used once and within :data:`~django_linebot.sdk.limits.REPLY_TOKEN_SECONDS` of its registration
(400 "Invalid reply token"; a token never registered is accepted, once), the retry key (409 on a
repeat), the monthly quota (429), the properties each action type requires (400 naming the
property), rich menu sizes and areas, image types and sizes.

Channels
    State (rich menus, aliases, the default menu, user links, audiences, quota, sent messages,
    reply tokens) is per channel. A request's access token names its channel: a token the fake
    issued belongs to the channel that asked for it (``client_id``, or the JWT's ``iss``); a token
    given to :meth:`~.state.PlatformState.add_channel` (or ``channel_tokens=``) to that channel;
    any other token to ``"default"``, whose state the platform's own attributes show
    (``fake.rich_menus``, ``fake.quota``...). ``fake.sent_messages`` is the log of every channel's
    sends (each names its ``channel``); ``fake.channel("1234567890").sent_messages`` one channel's.

The fake's own HTTP endpoints (not LINE's: no token asked, not recorded, never faulted), so that a
fake run by ``manage.py linebot_fake_platform`` serves another process as well as a test::

    GET    /_fake/sent?since=N        what the bot sent, from entry N: {"sent": [...], "next": M}
    GET    /_fake/requests?since=N    the requests received (no header values): {"requests", "next"}
    GET    /_fake/state[?channel=ID]  every channel's state, or one's (secrets shown as has_secret)
    POST   /_fake/state               {"channel": ID, "secret": ..., "access_tokens": [...],
                                       "webhook_endpoint", "quota", "narrowcast_phase",
                                       "authority_level", "followers", "profiles"}: set some
    POST   /_fake/reply-tokens        {"tokens": [...], "channel": ID}: reply tokens LINE just gave
    POST   /_fake/clock               {"advance": seconds} or {"now": timestamp or null}
    GET    /_fake/faults              the faults waiting, and the random fault rate
    POST   /_fake/faults              a Fault's fields ({"status": 500, "path": "push", "times": 2}),
                                       or {"rate": 0.2, "kinds": ["500", "429"]} for random faults
    DELETE /_fake/faults              no more faults
    POST   /_fake/reset               forget everything (as ``fake.reset()``)

A bad body or query answers 400 with a message; an unknown ``/_fake/`` path 404.

The package: :mod:`.server` (the HTTP server, recording, the ``/_fake/`` endpoints), :mod:`.state`
(per-channel state, tokens, the clock), :mod:`.faults`, :mod:`.routing` (the route table),
:mod:`.rules` (required action properties), and the routes per API area: :mod:`.messages`,
:mod:`.richmenus`, :mod:`.audiences`, :mod:`.insight`, :mod:`.tokens`, :mod:`.channel` (profiles,
content, the webhook endpoint and its test), :mod:`.more` (memberships, coupons, LIFF, modules,
shop).
"""

from .faults import Fault
from .routing import RecordedRequest
from .server import FakeLinePlatform
from .state import DEFAULT_CHANNEL, ChannelState

__all__ = ["DEFAULT_CHANNEL", "ChannelState", "FakeLinePlatform", "Fault", "RecordedRequest"]
