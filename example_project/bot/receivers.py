"""The seed's echo bot, as django-linebot signal receivers."""

from django.dispatch import receiver

from django_linebot import signals
from django_linebot.sdk.messages import SendMessage


@receiver(signals.message)
def echo(sender, event, api, **kwargs):
    if event.is_text_message:
        api.reply_message(event.reply_token, SendMessage().add_text(text=event.text).build())


@receiver(signals.follow)
def greet(sender, event, api, **kwargs):
    api.reply_message(event.reply_token, SendMessage().add_text(text="Thanks for adding me!").build())


@receiver(signals.postback)
def postback(sender, event, api, **kwargs):
    api.reply_message(
        event.reply_token, SendMessage().add_text(text=f"postback: {event.postback_data}").build()
    )
