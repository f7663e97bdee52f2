from django.apps import AppConfig


class LineBotConfig(AppConfig):
    name = "django_linebot"
    label = "linebot"
    verbose_name = "LINE bot"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, clients  # noqa: F401 - registers checks and signal receivers
