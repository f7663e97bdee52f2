"""One of each object of LINE's messaging spec, built with ``sdk.builders``, and one invalid variant each.

``CATALOGUE`` maps the schema component's name in ``messaging-api.yml`` to
``(a valid builder, an invalid variant, the path its error names)``; factories, so each test gets
fresh objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django_linebot.sdk import builders as b

URL = "https://example.com/image.png"


def text(value: str = "hello") -> b.Text:
    return b.Text(text=value)


def box(*contents: b.Component, layout: Any = "vertical") -> b.Box:
    return b.Box(layout=layout, contents=list(contents) or [text()])


def bubble(**fields: Any) -> b.Bubble:
    return b.Bubble(body=box(), **fields)


def uri() -> b.UriAction:
    return b.UriAction(label="Open", uri="https://example.com")


def area(x: int = 0, y: int = 0, width: int = 520, height: int = 520) -> b.ImagemapArea:
    return b.ImagemapArea(x=x, y=y, width=width, height=height)


def imagemap(**fields: Any) -> b.ImagemapMessage:
    defaults: dict[str, Any] = {
        "base_url": "https://example.com/imagemap",
        "alt_text": "an imagemap",
        "base_size": b.ImagemapBaseSize(width=1040, height=1040),
        "actions": [b.ImagemapUriAction(link_uri="https://example.com", area=area())],
    }
    return b.ImagemapMessage(**{**defaults, **fields})


def column(**fields: Any) -> b.CarouselColumn:
    return b.CarouselColumn(
        **{"text": "a column", "actions": [b.MessageAction(label="m", text="m")], **fields}
    )


def rich_menu(**fields: Any) -> b.RichMenu:
    defaults: dict[str, Any] = {
        "size": b.RichMenuSize(width=2500, height=843),
        "selected": False,
        "name": "main",
        "chat_bar_text": "Menu",
        "areas": [
            b.RichMenuArea(
                bounds=b.RichMenuBounds(x=0, y=0, width=1250, height=843),
                action=b.RichMenuSwitchAction(rich_menu_alias_id="menu-b", data="to-b"),
            )
        ],
    }
    return b.RichMenu(**{**defaults, **fields})


Case = tuple[Callable[[], b.Builder], Callable[[], b.Builder], str]

CATALOGUE: dict[str, Case] = {
    # ------------------------------------------------------------ messages
    "TextMessage": (
        lambda: b.TextMessage(
            text="$ hello $",
            emojis=[b.Emoji(index=0, product_id="5ac1bfd5040ab15980c9b435", emoji_id="001")],
            quote_token="q1",
        ),
        lambda: b.TextMessage(text="hello", emojis=[b.Emoji(index=1, product_id="p", emoji_id="001")]),
        "emojis[0].index",
    ),
    "TextMessageV2": (
        lambda: b.TextMessageV2(
            text="Hi {you}, {smile}",
            substitution={
                "you": b.MentionSubstitution(mentionee=b.UserMentionTarget(user_id="U1")),
                "smile": b.EmojiSubstitution(product_id="5ac1bfd5040ab15980c9b435", emoji_id="002"),
            },
        ),
        lambda: b.TextMessageV2(
            text="Hi", substitution={"you": b.MentionSubstitution(mentionee=b.AllMentionTarget())}
        ),
        "substitution.you",
    ),
    "StickerMessage": (
        lambda: b.StickerMessage(package_id="446", sticker_id="1988", quote_token="q"),
        lambda: b.StickerMessage(package_id=446, sticker_id="1988"),  # type: ignore[arg-type]
        "packageId",
    ),
    "ImageMessage": (
        lambda: b.ImageMessage(original_content_url=URL, preview_image_url=URL),
        lambda: b.ImageMessage(original_content_url="http://example.com/a.png", preview_image_url=URL),
        "originalContentUrl",
    ),
    "VideoMessage": (
        lambda: b.VideoMessage(
            original_content_url="https://example.com/v.mp4", preview_image_url=URL, tracking_id="t"
        ),
        lambda: b.VideoMessage(original_content_url="https://example.com/v.mp4", preview_image_url="x"),
        "previewImageUrl",
    ),
    "AudioMessage": (
        lambda: b.AudioMessage(original_content_url="https://example.com/a.m4a", duration=60000),
        lambda: b.AudioMessage(original_content_url="https://example.com/a.m4a", duration=-1),
        "duration",
    ),
    "LocationMessage": (
        lambda: b.LocationMessage(
            title="LINE", address="Tokyo", latitude=35.65910807942215, longitude=139.70372892916203
        ),
        lambda: b.LocationMessage(title="LINE", address="Tokyo", latitude=135.6, longitude=139.7),
        "latitude",
    ),
    "ImagemapMessage": (
        lambda: imagemap(
            actions=[
                b.ImagemapUriAction(link_uri="https://example.com", area=area(), label="web"),
                b.ImagemapMessageAction(text="hello", area=area(x=520)),
                b.ImagemapClipboardAction(clipboard_text="code", area=area(y=520), label="copy"),
            ],
            video=b.ImagemapVideo(
                original_content_url="https://example.com/v.mp4",
                preview_image_url=URL,
                area=area(width=1040, height=585),
                external_link=b.ImagemapExternalLink(link_uri="https://example.com", label="See more"),
            ),
        ),
        lambda: imagemap(actions=[b.ImagemapMessageAction(text="x", area=area(x=600))]),
        "actions[0].area",
    ),
    "TemplateMessage": (
        lambda: b.TemplateMessage(
            alt_text="a template",
            template=b.ConfirmTemplate(
                text="Sure?",
                actions=[b.MessageAction(label="Yes", text="yes"), b.MessageAction(label="No", text="no")],
            ),
        ),
        lambda: b.TemplateMessage(
            alt_text="",
            template=b.ConfirmTemplate(
                text="Sure?",
                actions=[b.MessageAction(label="Yes", text="yes"), b.MessageAction(label="No", text="no")],
            ),
        ),
        "altText",
    ),
    "FlexMessage": (
        lambda: b.FlexMessage(alt_text="a bubble", contents=bubble()),
        lambda: b.FlexMessage(
            alt_text="animated",
            contents=b.Carousel(
                contents=[b.Bubble(hero=b.Image(url=URL, animated=True), body=box()) for _ in range(11)]
            ),
        ),
        "contents",
    ),
    "CouponMessage": (
        lambda: b.CouponMessage(coupon_id="01JYNW8JMQVFBNPZ3KZ4QMZ1S5", delivery_tag="spring"),
        lambda: b.CouponMessage(coupon_id=None),  # type: ignore[arg-type]
        "couponId",
    ),
    # ------------------------------------------------------------ message parts
    "QuickReply": (
        lambda: b.QuickReply(items=[b.QuickReplyItem(action=b.CameraAction(label="Camera"))]),
        lambda: b.QuickReply(items=[b.QuickReplyItem(action=b.CameraAction(label="c"))] * 14),
        "items",
    ),
    "QuickReplyItem": (
        lambda: b.QuickReplyItem(action=b.MessageAction(label="Hi", text="Hi"), image_url=URL),
        lambda: b.QuickReplyItem(action=b.MessageAction(text="no label")),
        "action.label",
    ),
    "Sender": (
        lambda: b.Sender(name="Cony", icon_url=URL),
        lambda: b.Sender(name="x" * 21),
        "name",
    ),
    "Emoji": (
        lambda: b.Emoji(index=0, product_id="5ac1bfd5040ab15980c9b435", emoji_id="001"),
        lambda: b.Emoji(index="0", product_id="p", emoji_id="001"),  # type: ignore[arg-type]
        "index",
    ),
    "MentionSubstitutionObject": (
        lambda: b.MentionSubstitution(mentionee=b.AllMentionTarget()),
        lambda: b.MentionSubstitution(mentionee=b.Emoji(index=0, product_id="p", emoji_id="e")),  # type: ignore[arg-type]
        "mentionee",
    ),
    "UserMentionTarget": (
        lambda: b.UserMentionTarget(user_id="U4af4980629"),
        lambda: b.UserMentionTarget(user_id=4),  # type: ignore[arg-type]
        "userId",
    ),
    "AllMentionTarget": (
        lambda: b.AllMentionTarget(),
        lambda: b.MentionSubstitution(mentionee=None),  # type: ignore[arg-type]
        "mentionee",
    ),
    "EmojiSubstitutionObject": (
        lambda: b.EmojiSubstitution(product_id="5ac1bfd5040ab15980c9b435", emoji_id="001"),
        lambda: b.EmojiSubstitution(product_id="p", emoji_id=None),  # type: ignore[arg-type]
        "emojiId",
    ),
    # ------------------------------------------------------------ imagemap parts
    "ImagemapBaseSize": (
        lambda: b.ImagemapBaseSize(width=1040, height=700),
        lambda: b.ImagemapBaseSize(width=1000, height=700),
        "width",
    ),
    "MessageImagemapAction": (
        lambda: b.ImagemapMessageAction(text="hello", area=area(), label="hi"),
        lambda: b.ImagemapMessageAction(text="", area=area()),
        "text",
    ),
    "URIImagemapAction": (
        lambda: b.ImagemapUriAction(link_uri="https://example.com", area=area(), label="web"),
        lambda: b.ImagemapUriAction(link_uri="https://example.com", area=area(width=0)),
        "area.width",
    ),
    "ClipboardImagemapAction": (
        lambda: b.ImagemapClipboardAction(clipboard_text="code", area=area()),
        lambda: b.ImagemapClipboardAction(clipboard_text="x" * 1001, area=area()),
        "clipboardText",
    ),
    "ImagemapArea": (
        lambda: area(),
        lambda: area(x=-1),
        "x",
    ),
    "ImagemapVideo": (
        lambda: b.ImagemapVideo(
            original_content_url="https://example.com/v.mp4", preview_image_url=URL, area=area()
        ),
        lambda: b.ImagemapVideo(
            original_content_url="ftp://example.com/v.mp4", preview_image_url=URL, area=area()
        ),
        "originalContentUrl",
    ),
    "ImagemapExternalLink": (
        lambda: b.ImagemapExternalLink(link_uri="https://example.com", label="See more"),
        lambda: b.ImagemapExternalLink(link_uri="javascript:alert(1)", label="x"),
        "linkUri",
    ),
    # ------------------------------------------------------------ templates
    "ButtonsTemplate": (
        lambda: b.ButtonsTemplate(
            text="Pick one",
            title="Menu",
            thumbnail_image_url=URL,
            image_aspect_ratio="square",
            image_size="contain",
            image_background_color="#FFFFFF",
            default_action=uri(),
            actions=[b.PostbackAction(label="Buy", data="buy=1", display_text="Buy")],
        ),
        lambda: b.ButtonsTemplate(text="x" * 61, title="Menu", actions=[uri()]),
        "text",
    ),
    "ConfirmTemplate": (
        lambda: b.ConfirmTemplate(
            text="Sure?",
            actions=[b.MessageAction(label="Yes", text="y"), b.MessageAction(label="No", text="n")],
        ),
        lambda: b.ConfirmTemplate(text="Sure?", actions=[b.MessageAction(label="Yes", text="y")]),
        "actions",
    ),
    "CarouselTemplate": (
        lambda: b.CarouselTemplate(
            columns=[column(), column()], image_aspect_ratio="rectangle", image_size="cover"
        ),
        lambda: b.CarouselTemplate(columns=[column(), column(title="T")]),
        "columns[1].title",
    ),
    "CarouselColumn": (
        lambda: column(
            thumbnail_image_url=URL, image_background_color="#000000", title="T", default_action=uri()
        ),
        lambda: column(actions=[b.RichMenuSwitchAction(rich_menu_alias_id="a", data="d", label="l")]),
        "actions[0].type",
    ),
    "ImageCarouselTemplate": (
        lambda: b.ImageCarouselTemplate(columns=[b.ImageCarouselColumn(image_url=URL, action=uri())]),
        lambda: b.ImageCarouselTemplate(columns=[]),
        "columns",
    ),
    "ImageCarouselColumn": (
        lambda: b.ImageCarouselColumn(image_url=URL, action=b.PostbackAction(label="Pick", data="p")),
        lambda: b.ImageCarouselColumn(image_url=URL, action=b.PostbackAction(label="x" * 13, data="p")),
        "action.label",
    ),
    # ------------------------------------------------------------ flex
    "FlexBubble": (
        lambda: bubble(
            size="kilo",
            direction="ltr",
            header=box(),
            footer=box(),
            action=uri(),
            styles=b.BubbleStyles(body=b.BlockStyle(background_color="#FFFFFF")),
        ),
        lambda: b.Bubble(
            size="micro",
            hero=b.Video(url="https://example.com/v.mp4", preview_url=URL, alt_content=b.Image(url=URL)),
        ),
        "size",
    ),
    "FlexCarousel": (
        lambda: b.Carousel(contents=[bubble(), bubble()]),
        lambda: b.Carousel(contents=[bubble() for _ in range(13)]),
        "contents",
    ),
    "FlexBubbleStyles": (
        lambda: b.BubbleStyles(
            header=b.BlockStyle(),
            hero=b.BlockStyle(),
            body=b.BlockStyle(),
            footer=b.BlockStyle(separator=True),
        ),
        lambda: b.BubbleStyles(footer=b.BlockStyle(separator_color="red")),
        "footer.separatorColor",
    ),
    "FlexBlockStyle": (
        lambda: b.BlockStyle(background_color="#00000000", separator=True, separator_color="#DDDDDD"),
        lambda: b.BlockStyle(separator="yes"),  # type: ignore[arg-type]
        "separator",
    ),
    "FlexBox": (
        lambda: b.Box(
            layout="horizontal",
            contents=[text(), b.Separator(), b.Filler()],
            flex=1,
            spacing="md",
            margin="10px",
            padding_all="5%",
            corner_radius="xl",
            border_width="semi-bold",
            border_color="#000000",
            justify_content="space-between",
            align_items="center",
            background=b.LinearGradient(angle="90deg", start_color="#FF0000", end_color="#0000FF"),
        ),
        lambda: b.Box(layout="baseline", contents=[b.Button(action=uri())]),
        "contents[0].type",
    ),
    "FlexButton": (
        lambda: b.Button(
            action=uri(),
            style="primary",
            height="sm",
            color="#00B900",
            gravity="center",
            adjust_mode="shrink-to-fit",
            scaling=True,
        ),
        lambda: b.Button(action=b.UriAction(label="x", uri="ftp://example.com")),
        "action.uri",
    ),
    "FlexImage": (
        lambda: b.Image(
            url=URL, size="full", aspect_ratio="20:13", aspect_mode="cover", action=uri(), animated=False
        ),
        lambda: b.Image(url=URL, aspect_ratio="1:4"),
        "aspectRatio",
    ),
    "FlexVideo": (
        lambda: b.Video(
            url="https://example.com/v.mp4",
            preview_url=URL,
            alt_content=b.Image(url=URL),
            aspect_ratio="16:9",
            action=uri(),
        ),
        lambda: b.Video(url="https://example.com/v.mp4", preview_url=URL, alt_content=b.Button(action=uri())),  # type: ignore[arg-type]
        "altContent",
    ),
    "FlexIcon": (
        lambda: b.Icon(url=URL, size="sm", aspect_ratio="2:1"),
        lambda: b.Icon(url=URL, size="huge"),
        "size",
    ),
    "FlexText": (
        lambda: b.Text(
            text="hi",
            size="xl",
            weight="bold",
            color="#111111",
            wrap=True,
            max_lines=2,
            line_spacing="4px",
            decoration="underline",
        ),
        lambda: b.Text(text="hi", color="blue"),
        "color",
    ),
    "FlexSpan": (
        lambda: b.Span(
            text="bold", weight="bold", size="sm", style="italic", decoration="line-through", color="#FF0000"
        ),
        lambda: b.Span(text="x", weight="heavy"),  # type: ignore[arg-type]
        "weight",
    ),
    "FlexSeparator": (
        lambda: b.Separator(margin="xxl", color="#CCCCCC"),
        lambda: b.Separator(margin="huge"),
        "margin",
    ),
    "FlexFiller": (
        lambda: b.Filler(flex=2),
        lambda: b.Filler(flex=-1),
        "flex",
    ),
    "FlexBoxLinearGradient": (
        lambda: b.LinearGradient(
            angle="23.5deg",
            start_color="#FF0000",
            end_color="#0000FF",
            center_color="#00FF00",
            center_position="30%",
        ),
        lambda: b.LinearGradient(angle="360deg", start_color="#FF0000", end_color="#0000FF"),
        "angle",
    ),
    # ------------------------------------------------------------ actions
    "CameraAction": (
        lambda: b.CameraAction(label="Camera"),
        lambda: b.CameraAction(label="x" * 21),
        "label",
    ),
    "CameraRollAction": (
        lambda: b.CameraRollAction(label="Camera roll"),
        lambda: b.CameraRollAction(label=""),
        "label",
    ),
    "ClipboardAction": (
        lambda: b.ClipboardAction(label="Copy", clipboard_text="3B48740B"),
        lambda: b.ClipboardAction(label="Copy", clipboard_text=""),
        "clipboardText",
    ),
    "DatetimePickerAction": (
        lambda: b.DatetimePickerAction(
            label="When",
            data="when",
            mode="datetime",
            initial="2026-12-25t00:00",
            min="2026-01-01T00:00",
            max="2027-01-01T00:00",
        ),
        lambda: b.DatetimePickerAction(label="When", data="when", mode="date", initial="2026-12-25T00:00"),
        "initial",
    ),
    "LocationAction": (
        lambda: b.LocationAction(label="Location"),
        lambda: b.LocationAction(label=None),  # type: ignore[arg-type]
        "label",
    ),
    "MessageAction": (
        lambda: b.MessageAction(label="Yes", text="yes"),
        lambda: b.MessageAction(label="Yes", text="y" * 301),
        "text",
    ),
    "PostbackAction": (
        lambda: b.PostbackAction(
            label="Buy",
            data="action=buy&itemid=111",
            display_text="Buy",
            input_option="openKeyboard",
            fill_in_text="---\nName: ",
        ),
        lambda: b.PostbackAction(label="Buy", data="d" * 301),
        "data",
    ),
    "RichMenuSwitchAction": (
        lambda: b.RichMenuSwitchAction(
            label="Menu B", rich_menu_alias_id="richmenu-alias-b", data="richmenu-changed-to-b"
        ),
        lambda: b.RichMenuSwitchAction(rich_menu_alias_id="Menu B", data="d"),
        "richMenuAliasId",
    ),
    "URIAction": (
        lambda: b.UriAction(
            label="Call", uri="tel:09001234567", alt_uri=b.AltUri(desktop="https://example.com/desktop")
        ),
        lambda: b.UriAction(label="x", uri="https://example.com/" + "a" * 1000),
        "uri",
    ),
    "AltUri": (
        lambda: b.AltUri(desktop="https://example.com/desktop"),
        lambda: b.AltUri(desktop="ftp://example.com"),
        "desktop",
    ),
    # ------------------------------------------------------------ narrowcast
    "OperatorRecipient": (
        lambda: b.OperatorRecipient(
            and_=[
                b.AudienceRecipient(audience_group_id=5614991017776),
                b.OperatorRecipient(
                    not_=b.RedeliveryRecipient(request_id="5b59509c-c57b-11e9-aa8c-2a2ae2dbcce4")
                ),
            ]
        ),
        lambda: b.OperatorRecipient(
            and_=[b.AudienceRecipient(audience_group_id=1)], not_=b.AudienceRecipient(audience_group_id=2)
        ),
        "",
    ),
    "AudienceRecipient": (
        lambda: b.AudienceRecipient(audience_group_id=5614991017776),
        lambda: b.AudienceRecipient(audience_group_id="5614991017776"),  # type: ignore[arg-type]
        "audienceGroupId",
    ),
    "RedeliveryRecipient": (
        lambda: b.RedeliveryRecipient(request_id="5b59509c-c57b-11e9-aa8c-2a2ae2dbcce4"),
        lambda: b.RedeliveryRecipient(request_id=""),
        "requestId",
    ),
    "Filter": (
        lambda: b.Filter(demographic=b.GenderDemographicFilter(one_of=["female"])),
        lambda: b.Filter(demographic=b.AudienceRecipient(audience_group_id=1)),  # type: ignore[arg-type]
        "demographic",
    ),
    "AgeDemographicFilter": (
        lambda: b.AgeDemographicFilter(gte="age_20", lt="age_40"),
        lambda: b.AgeDemographicFilter(gte="age_40", lt="age_20"),
        "lt",
    ),
    "AppTypeDemographicFilter": (
        lambda: b.AppTypeDemographicFilter(one_of=["ios", "android"]),
        lambda: b.AppTypeDemographicFilter(one_of=["windows"]),  # type: ignore[list-item]
        "oneOf[0]",
    ),
    "AreaDemographicFilter": (
        lambda: b.AreaDemographicFilter(one_of=["jp_13", "tw_01"]),
        lambda: b.AreaDemographicFilter(one_of=["jp_48"]),
        "oneOf[0]",
    ),
    "GenderDemographicFilter": (
        lambda: b.GenderDemographicFilter(one_of=["male", "female"]),
        lambda: b.GenderDemographicFilter(one_of=[]),
        "oneOf",
    ),
    "OperatorDemographicFilter": (
        lambda: b.OperatorDemographicFilter(
            or_=[
                b.SubscriptionPeriodDemographicFilter(gte="day_7", lt="day_30"),
                b.OperatorDemographicFilter(not_=b.AreaDemographicFilter(one_of=["jp_01"])),
            ]
        ),
        lambda: b.OperatorDemographicFilter(),
        "",
    ),
    "SubscriptionPeriodDemographicFilter": (
        lambda: b.SubscriptionPeriodDemographicFilter(gte="day_90"),
        lambda: b.SubscriptionPeriodDemographicFilter(),
        "gte",
    ),
    "Limit": (
        lambda: b.Limit(max=100, up_to_remaining_quota=True, forbid_partial_delivery=False),
        lambda: b.Limit(max=0),
        "max",
    ),
    # ------------------------------------------------------------ rich menus
    "RichMenuRequest": (
        lambda: rich_menu(),
        lambda: rich_menu(chat_bar_text="x" * 15),
        "chatBarText",
    ),
    "RichMenuSize": (
        lambda: b.RichMenuSize(width=2500, height=1686),
        lambda: b.RichMenuSize(width=800, height=800),
        "height",
    ),
    "RichMenuArea": (
        lambda: b.RichMenuArea(
            bounds=b.RichMenuBounds(x=0, y=0, width=100, height=100), action=b.PostbackAction(data="a")
        ),
        lambda: b.RichMenuArea(bounds=b.RichMenuBounds(x=0, y=0, width=100, height=100), action=None),  # type: ignore[arg-type]
        "action",
    ),
    "RichMenuBounds": (
        lambda: b.RichMenuBounds(x=0, y=0, width=2500, height=843),
        lambda: b.RichMenuBounds(x=0, y=0, width=2500, height=0),
        "height",
    ),
    "RichMenuBatchRequest": (
        lambda: b.RichMenuBatch(
            operations=[
                b.RichMenuBatchLink(from_="richmenu-1", to="richmenu-2"),
                b.RichMenuBatchUnlink(from_="richmenu-3"),
                b.RichMenuBatchUnlinkAll(),
            ],
            resume_request_key="req-1",
        ),
        lambda: b.RichMenuBatch(operations=[b.RichMenuBatchUnlinkAll()], resume_request_key="no spaces"),
        "resumeRequestKey",
    ),
    "RichMenuBatchLinkOperation": (
        lambda: b.RichMenuBatchLink(from_="richmenu-1", to="richmenu-2"),
        lambda: b.RichMenuBatchLink(from_="richmenu-1", to=None),  # type: ignore[arg-type]
        "to",
    ),
    "RichMenuBatchUnlinkOperation": (
        lambda: b.RichMenuBatchUnlink(from_="richmenu-1"),
        lambda: b.RichMenuBatchUnlink(from_=1),  # type: ignore[arg-type]
        "from",
    ),
    "RichMenuBatchUnlinkAllOperation": (
        lambda: b.RichMenuBatchUnlinkAll(),
        lambda: b.RichMenuBatch(operations=[b.RichMenuBatchUnlinkAll()] * 1001),
        "operations",
    ),
}

__all__ = ["CATALOGUE"]
