"""LINE's limits and patterns, each written once.

Every check of the package (the SDK's message validation, the rich menu image
check, the models' fields and validators, the admin forms, the REST API's
serializers, the outbox's chunking, the rate limiter, the system checks and the
fake LINE platform) imports its number or pattern from here, so a change on
LINE's side is a change of one line. Framework-free: no Django import.

The values are LINE's documented ones; the link above each constant is its
source. ``tests/test_limits.py`` fails when one of these numbers or patterns is
written out again elsewhere in the package.

Two rules are checks rather than values, and live in :mod:`.validation`: a retry key
(``X-Line-Retry-Key``) is a UUID (:func:`~.validation.validate_retry_key`), and a webhook
URL is an https URL of at most :data:`WEBHOOK_URL_MAX_LENGTH` characters
(:func:`~.validation.validate_webhook_url`).
"""

from __future__ import annotations

# ------------------------------------------------------------------ messages

#: Message objects in one reply, push, multicast, broadcast or narrowcast request.
#: https://developers.line.biz/en/reference/messaging-api/#send-reply-message
MAX_MESSAGES_PER_REQUEST = 5

#: User IDs in one multicast request.
#: https://developers.line.biz/en/reference/messaging-api/#send-multicast-message
MAX_MULTICAST_RECIPIENTS = 500

#: Length of a text message's ``text``, in UTF-16 code units (LINE's unit).
#: https://developers.line.biz/en/reference/messaging-api/#text-message
MAX_TEXT_LENGTH = 5000

#: Length of ``altText`` (imagemap, template and flex messages).
#: https://developers.line.biz/en/reference/messaging-api/#template-messages
MAX_ALT_TEXT_LENGTH = 1500

#: Buttons of one quick reply.
#: https://developers.line.biz/en/reference/messaging-api/#items-object
MAX_QUICK_REPLY_ITEMS = 13

#: Actions of a buttons template (at least one).
#: https://developers.line.biz/en/reference/messaging-api/#buttons
MAX_BUTTONS_ACTIONS = 4

#: Actions of a confirm template: exactly this many.
#: https://developers.line.biz/en/reference/messaging-api/#confirm
CONFIRM_ACTIONS = 2

#: Columns of a carousel or image carousel template (at least one).
#: https://developers.line.biz/en/reference/messaging-api/#carousel
MAX_CAROUSEL_COLUMNS = 10

#: Actions of one carousel column (at least one; every column has the same number).
#: https://developers.line.biz/en/reference/messaging-api/#column-object-for-carousel
MAX_CAROUSEL_COLUMN_ACTIONS = 3

#: Actions (tappable areas) of an imagemap message.
#: https://developers.line.biz/en/reference/messaging-api/#imagemap-message
MAX_IMAGEMAP_ACTIONS = 50

#: The ``type`` of every message object LINE sends.
#: https://developers.line.biz/en/reference/messaging-api/#message-objects
MESSAGE_TYPES = frozenset(
    {
        "text",
        "textV2",
        "sticker",
        "image",
        "video",
        "audio",
        "location",
        "imagemap",
        "template",
        "flex",
        "coupon",
    }
)

#: Message types whose ``text`` is the message (and counts against :data:`MAX_TEXT_LENGTH`).
TEXT_MESSAGE_TYPES = frozenset({"text", "textV2"})

#: Message types that need an ``altText`` (shown in notifications and on clients that cannot draw them).
ALT_TEXT_MESSAGE_TYPES = frozenset({"imagemap", "template", "flex"})

#: The template types made of actions (buttons and confirm).
#: https://developers.line.biz/en/reference/messaging-api/#buttons
ACTION_TEMPLATE_TYPES = ("buttons", "confirm")
#: The template types made of columns (each column its own actions, or one action per image column).
#: https://developers.line.biz/en/reference/messaging-api/#carousel
CAROUSEL_TEMPLATE_TYPES = ("carousel", "image_carousel")
#: The template types of a template message.
#: https://developers.line.biz/en/reference/messaging-api/#template-messages
TEMPLATE_TYPES = (*ACTION_TEMPLATE_TYPES, *CAROUSEL_TEMPLATE_TYPES)

#: The ``type`` of every action object (rich menu areas, quick replies, templates).
#: https://developers.line.biz/en/reference/messaging-api/#action-objects
ACTION_TYPES = frozenset(
    {
        "postback",
        "message",
        "uri",
        "datetimepicker",
        "camera",
        "cameraRoll",
        "location",
        "richmenuswitch",
        "clipboard",
    }
)

# ---------------------------------------------------------------- rich menus

#: Width of a rich menu image, in pixels (inclusive).
#: https://developers.line.biz/en/reference/messaging-api/#upload-rich-menu-image-requirements
RICH_MENU_MIN_WIDTH = 800
#: See :data:`RICH_MENU_MIN_WIDTH`.
RICH_MENU_MAX_WIDTH = 2500
#: Height of a rich menu image, in pixels (at least).
RICH_MENU_MIN_HEIGHT = 250
#: Width / height of a rich menu image (at least).
RICH_MENU_MIN_ASPECT_RATIO = 1.45
#: Size of a rich menu image file, in bytes (1 MB).
RICH_MENU_IMAGE_MAX_BYTES = 1024 * 1024
#: The image formats LINE takes for a rich menu (Pillow's format name -> content type).
RICH_MENU_IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}

#: Size (width, height) of a large rich menu image in LINE's templates (Official Account Manager).
RICH_MENU_LARGE_SIZE = (RICH_MENU_MAX_WIDTH, 1686)
#: Size (width, height) of a compact rich menu image in LINE's templates.
RICH_MENU_COMPACT_SIZE = (RICH_MENU_MAX_WIDTH, 843)
#: Tappable areas of one rich menu.
#: https://developers.line.biz/en/reference/messaging-api/#rich-menu-object
RICH_MENU_MAX_AREAS = 20
#: Length of a rich menu's ``name``.
RICH_MENU_NAME_MAX_LENGTH = 300
#: Length of a rich menu's ``chatBarText``.
RICH_MENU_CHAT_BAR_TEXT_MAX_LENGTH = 14

#: Length of a rich menu alias ID.
#: https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias
RICH_MENU_ALIAS_ID_MAX_LENGTH = 32
#: A rich menu alias ID, whole: 1 to 32 of a-z, 0-9, ``_`` and ``-``.
RICH_MENU_ALIAS_ID_PATTERN = rf"^[a-z0-9_-]{{1,{RICH_MENU_ALIAS_ID_MAX_LENGTH}}}$"
#: :data:`RICH_MENU_ALIAS_ID_PATTERN` in words, for help texts and error messages.
RICH_MENU_ALIAS_ID_RULE = f"1-{RICH_MENU_ALIAS_ID_MAX_LENGTH} characters: a-z, 0-9, _ and -."

#: User IDs in one request that links (or unlinks) a rich menu to many users.
#: https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-users
RICH_MENU_USERS_PER_REQUEST = 500

# ------------------------------------------------------------------- webhook

#: The only scheme LINE calls a webhook URL with.
#: https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url
WEBHOOK_URL_SCHEME = "https"
#: Length of a webhook URL.
WEBHOOK_URL_MAX_LENGTH = 500

# --------------------------------------------------------------- rate limits

#: Requests per period (seconds) per channel, by send kind; ``None``: not rate-limited.
#: https://developers.line.biz/en/reference/messaging-api/#rate-limits
RATE_LIMITS: dict[str, tuple[int, float] | None] = {
    "reply": None,
    "push": (2000, 1.0),
    "multicast": (200, 1.0),
    "broadcast": (60, 3600.0),
    "narrowcast": (60, 3600.0),
}

#: The kinds of send request, each an endpoint of its own (and a key of :data:`RATE_LIMITS`).
SEND_KINDS = tuple(RATE_LIMITS)
