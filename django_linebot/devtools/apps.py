from django.apps import AppConfig


class LineBotDevtoolsConfig(AppConfig):
    """The development tools of django-linebot (see :mod:`django_linebot.devtools`)."""

    name = "django_linebot.devtools"
    label = "linebot_devtools"
    verbose_name = "LINE bot development tools"
