"""One signal per webhook event type, made from the SDK's table of event classes.

:data:`django_linebot.sdk.events.EVENT_CLASSES` (LINE's ``type`` -> event class) is
the one list of event types: :data:`BY_EVENT_TYPE` maps each of them to the signal
named after it in snake case (``memberJoined`` -> :data:`member_joined`). The
signals are declared below by name, so type checkers and IDEs see what
``signals.message`` is; importing this module fails if the names and the table
ever disagree (an event class added without its signal, or a signal left over).

Receivers get ``event`` (a typed :mod:`django_linebot.sdk.events` object),
``channel`` (the :class:`~django_linebot.models.Channel`, or the settings-only
channel), ``api`` (the channel's :class:`~django_linebot.sdk.LineBotApi`),
``webhook_event`` (the stored :class:`~django_linebot.models.WebhookEvent` row)
and ``standby`` (True for events received in standby mode). The sender is the
event's class. Receivers may be ``async def``.

``api`` is made on first use: a receiver that never calls LINE runs even when
the channel's access token cannot be issued; one that does gets
:class:`~django_linebot.inbound.LineClientUnavailable` saying why. Its calls
raise :class:`~django_linebot.sdk.LineBotApiError` when LINE refuses them
(unless ``LINEBOT["RAISE_LINE_ERRORS"]`` is False). A receiver that raises marks
the event ``failed`` (with the error) without stopping the other receivers, and
:data:`webhook_event_failed` is sent for it. The
webhook view runs outside ``ATOMIC_REQUESTS``' transaction (the events are
committed before any receiver runs); when receivers run inside a transaction
(e.g. a replay), each runs in its own savepoint, so a database error rolls back
that receiver's work alone.

    @receiver(signals.message)
    def echo(sender, event, api, **kwargs):
        if event.is_text_message:
            api.reply_message(event.reply_token, [{"type": "text", "text": event.text}])
"""

from __future__ import annotations

import re

from django.dispatch import Signal

from .sdk.events import EVENT_CLASSES

#: ``message`` events: a user sent text, an image, a sticker ... Arguments: sender (the event's
#: class), event, channel, api, webhook_event, standby.
message = Signal()
#: ``messageEdited`` events: a user edited a message. Arguments: as :data:`message`.
message_edited = Signal()
#: ``unsend`` events: a user unsent a message. Arguments: as :data:`message`.
unsend = Signal()
#: ``follow`` events: a user added the account as a friend (or unblocked it). Arguments: as :data:`message`.
follow = Signal()
#: ``unfollow`` events: a user blocked the account. Arguments: as :data:`message`.
unfollow = Signal()
#: ``join`` events: the bot joined a group or room. Arguments: as :data:`message`.
join = Signal()
#: ``leave`` events: the bot was removed from a group. Arguments: as :data:`message`.
leave = Signal()
#: ``memberJoined`` events: users joined a group the bot is in. Arguments: as :data:`message`.
member_joined = Signal()
#: ``memberLeft`` events: users left a group the bot is in. Arguments: as :data:`message`.
member_left = Signal()
#: ``postback`` events: a user tapped a postback action. Arguments: as :data:`message`.
postback = Signal()
#: ``videoPlayComplete`` events: a user watched a video to its end. Arguments: as :data:`message`.
video_play_complete = Signal()
#: ``beacon`` events: a user came near a LINE Beacon. Arguments: as :data:`message`.
beacon = Signal()
#: ``accountLink`` events: a user linked their LINE account. Arguments: as :data:`message`.
account_link = Signal()
#: ``membership`` events: a user joined, left or renewed a membership. Arguments: as :data:`message`.
membership = Signal()
#: ``module`` events: the channel was attached to or detached from a module. Arguments: as :data:`message`.
module = Signal()
#: ``activated`` events: the module channel got chat control. Arguments: as :data:`message`.
activated = Signal()
#: ``deactivated`` events: the module channel lost chat control. Arguments: as :data:`message`.
deactivated = Signal()
#: ``botSuspended`` events: the module channel was suspended. Arguments: as :data:`message`.
bot_suspended = Signal()
#: ``botResumed`` events: the module channel was resumed. Arguments: as :data:`message`.
bot_resumed = Signal()
#: ``delivery`` events: a message sent with a delivery completion request was delivered.
#: Arguments: as :data:`message`.
delivery = Signal()

#: Every event, whatever its type, after its own signal. Arguments: as :data:`message`.
webhook_event = Signal()
#: Events of a type this version does not know (an :class:`~django_linebot.sdk.events.UnknownEvent`).
#: Arguments: as :data:`message`.
unknown_event = Signal()
#: A receiver of one of the signals above raised; sent once per failed receiver, after the event's
#: signals. Arguments: sender (the event's class), event, channel, webhook_event (the row, already
#: marked failed), receiver (the function that raised) and exception. A receiver of this signal
#: that raises is logged and otherwise ignored.
webhook_event_failed = Signal()


def signal_name(event_type: str) -> str:
    """The snake-case name of the signal for a LINE event type: ``memberJoined`` -> ``member_joined``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", event_type).lower()


def _by_event_type() -> dict[str, Signal]:
    """:data:`BY_EVENT_TYPE`, checked: each event type of the SDK has its signal here, and no more."""
    declared = {name: value for name, value in globals().items() if isinstance(value, Signal)}
    per_type = set(declared) - {"webhook_event", "unknown_event", "webhook_event_failed"}
    wanted = {signal_name(event_type) for event_type in EVENT_CLASSES}
    if per_type != wanted:
        raise ImportError(
            "django_linebot.signals does not match sdk.events.EVENT_CLASSES: "
            f"missing {sorted(wanted - per_type)}, extra {sorted(per_type - wanted)}"
        )
    return {event_type: declared[signal_name(event_type)] for event_type in EVENT_CLASSES}


#: LINE event type -> its signal, one for each class of :data:`~django_linebot.sdk.events.EVENT_CLASSES`.
BY_EVENT_TYPE: dict[str, Signal] = _by_event_type()
