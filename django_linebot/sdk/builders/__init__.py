"""A builder for every object LINE's messaging API takes, typed and checked when built.

Python names in snake_case, LINE's JSON in camelCase; objects compose, and ``build()`` names the
path of a wrong value (``contents.body.contents[2].action.uri: ...``)::

    from django_linebot.sdk import builders as b

    message = b.FlexMessage(alt_text="Hello", contents=b.Bubble(
        body=b.Box(layout="vertical", contents=[
            b.Text(text="Hello"),
            b.Button(action=b.UriAction(label="Open", uri="https://example.com")),
        ]),
    ))
    api.push_message(user_id, [message.build()])

``flex_from_json()`` reads what LINE's Flex Message Simulator exports back into builders. The
seed's fluent builders (``SendMessage().add_text(...)``) stay in :mod:`django_linebot.sdk.messages`
and take these objects too.
"""

from .actions import *  # noqa: F403
from .actions import __all__ as _actions
from .base import Builder, BuildError, Rule
from .flex import *  # noqa: F403
from .flex import __all__ as _flex
from .messages import *  # noqa: F403
from .messages import __all__ as _messages
from .narrowcast import *  # noqa: F403
from .narrowcast import __all__ as _narrowcast
from .richmenu import *  # noqa: F403
from .richmenu import __all__ as _richmenu

__all__ = ["BuildError", "Builder", "Rule", *_actions, *_flex, *_messages, *_narrowcast, *_richmenu]
