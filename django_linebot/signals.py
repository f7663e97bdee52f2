"""One signal per webhook event type.

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
the event ``failed`` (with the error) without stopping the other receivers. The
webhook view runs outside ``ATOMIC_REQUESTS``' transaction (the events are
committed before any receiver runs); when receivers run inside a transaction
(e.g. a replay), each runs in its own savepoint, so a database error rolls back
that receiver's work alone.

    @receiver(signals.message)
    def echo(sender, event, api, **kwargs):
        if event.is_text_message:
            api.reply_message(event.reply_token, [{"type": "text", "text": event.text}])
"""

from django.dispatch import Signal

message = Signal()
message_edited = Signal()
unsend = Signal()
follow = Signal()
unfollow = Signal()
join = Signal()
leave = Signal()
member_joined = Signal()
member_left = Signal()
postback = Signal()
video_play_complete = Signal()
beacon = Signal()
account_link = Signal()
membership = Signal()
module = Signal()
activated = Signal()
deactivated = Signal()
bot_suspended = Signal()
bot_resumed = Signal()
delivery = Signal()

#: Every event, whatever its type, after its own signal.
webhook_event = Signal()
#: Events of a type this version does not know.
unknown_event = Signal()

#: LINE event type -> its signal.
BY_EVENT_TYPE: dict[str, Signal] = {
    "message": message,
    "messageEdited": message_edited,
    "unsend": unsend,
    "follow": follow,
    "unfollow": unfollow,
    "join": join,
    "leave": leave,
    "memberJoined": member_joined,
    "memberLeft": member_left,
    "postback": postback,
    "videoPlayComplete": video_play_complete,
    "beacon": beacon,
    "accountLink": account_link,
    "membership": membership,
    "module": module,
    "activated": activated,
    "deactivated": deactivated,
    "botSuspended": bot_suspended,
    "botResumed": bot_resumed,
    "delivery": delivery,
}
