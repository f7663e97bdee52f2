"""The example bot: the seed's echo bot, a follow greeting and a postback / rich menu demo."""

from django.dispatch import receiver

from django_linebot import signals
from django_linebot.sdk.messages import QuickReply, SendMessage, TemplateMessage


@receiver(signals.message)
def echo(sender, event, api, **kwargs):
    """The seed's echo bot: say back what the user said."""
    if event.is_text_message:
        api.reply_message(event.reply_token, SendMessage().add_text(text=event.text).build())
    elif event.is_sticker_message:
        api.reply_message(
            event.reply_token, SendMessage().add_sticker(package_id="446", sticker_id="1989").build()
        )


@receiver(signals.follow)
def greet(sender, event, api, **kwargs):
    quick = (
        QuickReply()
        .add_message_action(label="Say hi", text="Hi!")
        .add_postback_action(label="Show menu", data="action=menu", display_text="Show me the menu")
    )
    messages = SendMessage().add_text(
        text="Thanks for adding me! Say anything and I will say it back.", quick_reply=quick
    )
    api.reply_message(event.reply_token, messages.build())


@receiver(signals.postback)
def postback(sender, event, api, **kwargs):
    data = event.postback_data or ""
    if data == "action=menu":
        menu = (
            TemplateMessage.new_buttons(alt_text="What next?", text="What would you like?", title="Menu")
            .add_postback_action(label="Opening hours", data="action=hours", text="Opening hours?")
            .add_datetime_picker_action(label="Book a table", data="action=book", mode="datetime")
            .add_uri_action(label="Website", uri="https://example.com/")
        )
        api.reply_message(event.reply_token, SendMessage().add_template(menu).build())
    elif data == "action=hours":
        api.reply_message(event.reply_token, SendMessage().add_text(text="We are open 10:00-22:00.").build())
    elif data == "action=book":
        when = event.datetime or event.date or event.time
        api.reply_message(
            event.reply_token, SendMessage().add_text(text=f"Booked for {when}. See you!").build()
        )
    elif event.rich_menu_switch_status:
        pass  # a richmenuswitch tab was tapped: LINE switched the menu, nothing to answer
    else:
        api.reply_message(event.reply_token, SendMessage().add_text(text=f"postback: {data}").build())
