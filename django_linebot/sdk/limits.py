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

#: The properties each action type must carry (LINE answers 400 naming the one missing).
#: https://developers.line.biz/en/reference/messaging-api/#action-objects
ACTION_REQUIRED_PROPERTIES: dict[str, tuple[str, ...]] = {
    "postback": ("data",),
    "message": ("text",),
    "uri": ("uri",),
    "datetimepicker": ("data", "mode"),
    "richmenuswitch": ("richMenuAliasId", "data"),
    "clipboard": ("clipboardText",),
}

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

# ------------------------------------------------------- message builders' limits

#: Length of an action's ``label`` (template buttons, quick reply buttons), in characters.
#: https://developers.line.biz/en/reference/messaging-api/#action-objects
ACTION_LABEL_MAX_LENGTH = 20
#: Length of the ``label`` of an image carousel column's action.
#: https://developers.line.biz/en/reference/messaging-api/#image-carousel
IMAGE_CAROUSEL_LABEL_MAX_LENGTH = 12
#: Length of ``data`` of a postback, datetime picker or rich menu switch action.
#: https://developers.line.biz/en/reference/messaging-api/#postback-action
ACTION_DATA_MAX_LENGTH = 300
#: Length of a message action's ``text`` and of a postback action's ``displayText`` and ``fillInText``.
#: https://developers.line.biz/en/reference/messaging-api/#message-action
ACTION_TEXT_MAX_LENGTH = 300
#: Length of a URI action's ``uri`` and ``altUri.desktop``.
#: https://developers.line.biz/en/reference/messaging-api/#uri-action
URI_MAX_LENGTH = 1000
#: How a URI action's ``uri`` (and ``altUri.desktop``) starts, as error messages say it.
#: https://developers.line.biz/en/reference/messaging-api/#uri-action
URI_ACTION_PREFIXES = ("https://", "http://", "line://", "tel:")
#: The schemes a URI action opens (those of :data:`URI_ACTION_PREFIXES`).
URI_ACTION_SCHEMES = frozenset(prefix.split(":", 1)[0] for prefix in URI_ACTION_PREFIXES)
#: Length of a clipboard action's ``clipboardText``.
#: https://developers.line.biz/en/reference/messaging-api/#clipboard-action
CLIPBOARD_TEXT_MAX_LENGTH = 1000
#: The action type only a rich menu area takes (not Flex, templates or quick replies).
#: https://developers.line.biz/en/reference/messaging-api/#richmenu-switch-action
RICH_MENU_ONLY_ACTION_TYPE = "richmenuswitch"
#: The action types a rich menu area takes, in the order the admin's editor offers them.
#: https://developers.line.biz/en/reference/messaging-api/#rich-menu-object
RICH_MENU_ACTION_TYPES = ("message", "postback", "uri", "datetimepicker", "richmenuswitch", "clipboard")
#: A postback action's ``inputOption`` values, with what each does on the user's phone.
#: https://developers.line.biz/en/reference/messaging-api/#postback-action
POSTBACK_INPUT_OPTIONS: dict[str, str] = {
    "closeRichMenu": "close the rich menu",
    "openRichMenu": "open the rich menu",
    "openKeyboard": "open the keyboard",
    "openVoice": "open the voice message input",
}
#: The only ``inputOption`` a postback action's ``fillInText`` goes with.
POSTBACK_FILL_IN_TEXT_INPUT_OPTION = "openKeyboard"
#: A datetime picker action's modes: the pattern of its ``initial``, ``min`` and ``max`` and LINE's example.
#: ``full-date``, ``time-hour`` and ``time-minute`` of RFC 3339; in datetime mode ``T`` or ``t`` between.
#: https://developers.line.biz/en/reference/messaging-api/#datetime-picker-action
DATETIME_PICKER_FORMATS: dict[str, tuple[str, str]] = {
    "date": (r"\d{4}-\d{2}-\d{2}", "2017-12-25"),
    "time": (r"\d{2}:\d{2}", "12:00"),
    "datetime": (r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}", "2017-12-25T12:00"),
}
#: The earliest and the latest value a datetime picker takes (its date part in date mode, its time
#: part in time mode): 1900-01-01T00:00 to 2100-12-31T23:59.
DATETIME_PICKER_RANGE = ("1900-01-01T00:00", "2100-12-31T23:59")

#: The action types only a quick reply button takes.
#: https://developers.line.biz/en/reference/messaging-api/#camera-action
QUICK_REPLY_ONLY_ACTION_TYPES = frozenset({"camera", "cameraRoll", "location"})

#: Length of an image, video, audio, icon or thumbnail URL (all HTTPS).
#: https://developers.line.biz/en/reference/messaging-api/#image-message
MEDIA_URL_MAX_LENGTH = 2000
#: The only scheme LINE fetches a message's media (images, videos, audio, icons) from.
MEDIA_URL_SCHEME = "https"
#: LINE emojis in one text message.
#: https://developers.line.biz/en/reference/messaging-api/#text-message
MAX_TEXT_EMOJIS = 20
#: Length of a sender's ``name``.
#: https://developers.line.biz/en/reference/messaging-api/#icon-nickname-switch
SENDER_NAME_MAX_LENGTH = 20
#: Width of an imagemap's ``baseSize``: always this.
#: https://developers.line.biz/en/reference/messaging-api/#imagemap-message
IMAGEMAP_BASE_WIDTH = 1040

#: Length of a buttons template's ``text`` without an image and a title; with either, the next one.
#: https://developers.line.biz/en/reference/messaging-api/#buttons
BUTTONS_TEXT_MAX_LENGTH = 160
#: Length of a buttons template's or carousel column's ``text`` when it has an image or a title.
BUTTONS_TEXT_WITH_IMAGE_MAX_LENGTH = 60
#: Length of a confirm template's ``text``.
#: https://developers.line.biz/en/reference/messaging-api/#confirm
CONFIRM_TEXT_MAX_LENGTH = 240
#: Length of a carousel column's ``text`` without an image and a title.
#: https://developers.line.biz/en/reference/messaging-api/#column-object-for-carousel
CAROUSEL_TEXT_MAX_LENGTH = 120
#: Length of a buttons template's or carousel column's ``title``.
TEMPLATE_TITLE_MAX_LENGTH = 40

#: Bubbles of one Flex carousel (at least one).
#: https://developers.line.biz/en/reference/messaging-api/#f-carousel
MAX_FLEX_CAROUSEL_BUBBLES = 12
#: Size of one bubble's JSON, in bytes (LINE's "30 KB", read as KiB, compact UTF-8 JSON).
#: https://developers.line.biz/en/reference/messaging-api/#bubble
FLEX_BUBBLE_MAX_BYTES = 30 * 1024
#: Size of one carousel's JSON, in bytes (LINE's "50 KB").
#: https://developers.line.biz/en/reference/messaging-api/#f-carousel
FLEX_CAROUSEL_MAX_BYTES = 50 * 1024
#: Images with ``animated: true`` in one message.
#: https://developers.line.biz/en/reference/messaging-api/#f-image
MAX_FLEX_ANIMATED_IMAGES = 10
#: Each side of a Flex ``aspectRatio`` (``{width}:{height}``) is 1 to this.
#: https://developers.line.biz/en/reference/messaging-api/#f-image
FLEX_ASPECT_RATIO_MAX_SIDE = 100000
#: A Flex ``aspectRatio``'s height is at most this many times its width.
FLEX_ASPECT_RATIO_MAX_HEIGHT_FACTOR = 3
#: A linear gradient's ``angle`` lies in [0, this) degrees.
#: https://developers.line.biz/en/reference/messaging-api/#box
FLEX_GRADIENT_ANGLE_LIMIT = 360
#: The components a horizontal or vertical box holds.
#: https://developers.line.biz/en/reference/messaging-api/#box
FLEX_BOX_CHILD_TYPES = frozenset({"box", "button", "image", "text", "separator", "filler"})
#: The components a baseline box holds.
FLEX_BASELINE_CHILD_TYPES = frozenset({"icon", "text", "filler"})
#: The bubble sizes a bubble with a video hero takes.
#: https://developers.line.biz/en/reference/messaging-api/#f-video
FLEX_VIDEO_BUBBLE_SIZES = frozenset({"kilo", "mega", "giga"})

#: Operations of one rich menu batch request.
#: https://developers.line.biz/en/reference/messaging-api/#batch-control-rich-menus-of-users
RICH_MENU_BATCH_MAX_OPERATIONS = 1000
#: A batch request's ``resumeRequestKey``, whole.
RICH_MENU_BATCH_RESUME_KEY_PATTERN = r"^[a-zA-Z0-9_-]{1,100}$"
#: The area codes of a narrowcast's area demographic filter.
#: https://developers.line.biz/en/reference/messaging-api/#narrowcast-demographic-filter
DEMOGRAPHIC_AREA_CODES = frozenset(
    [f"jp_{n:02d}" for n in range(1, 48)]
    + [f"tw_{n:02d}" for n in range(1, 23)]
    + [f"th_{n:02d}" for n in range(1, 9)]
    + [f"id_{n:02d}" for n in range(1, 13)]
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

#: Seconds a webhook event's reply token stays usable (once): "within one minute".
#: https://developers.line.biz/en/reference/messaging-api/#send-reply-message
REPLY_TOKEN_SECONDS = 60

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

#: Requests per period (seconds) per channel of the other endpoints django-linebot calls on its own
#: (profiles, follower IDs, audiences, insights), by kind. The rate limiter merges them with
#: :data:`RATE_LIMITS`; they are not send kinds.
#: https://developers.line.biz/en/reference/messaging-api/#rate-limits
API_RATE_LIMITS: dict[str, tuple[int, float] | None] = {
    "profile": (2000, 1.0),
    "followers": (2000, 1.0),
    "audience": (60, 60.0),
    "insight": (60, 3600.0),
}

# ----------------------------------------------------------------- audiences

#: User IDs in one JSON request that creates an audience or adds to it (more: upload a file).
#: https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group
AUDIENCE_JSON_MAX_IDS = 10_000
#: User IDs in one file that creates an audience or adds to it.
#: https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file
AUDIENCE_FILE_MAX_IDS = 1_500_000
#: Length of an audience's description (its name).
#: https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group
AUDIENCE_DESCRIPTION_MAX_LENGTH = 120
