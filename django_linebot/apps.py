from django.apps import AppConfig


class LineBotConfig(AppConfig):
    name = "django_linebot"
    label = "linebot"
    verbose_name = "LINE bot"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # checks and channels register system checks and a signal receiver; tasks registers
        # the Celery tasks, which the services queue by name (see django_linebot.queue).
        from . import channels, checks, tasks  # noqa: F401
        from .conf import app_settings

        if app_settings.TRACK_USERS:  # LineUser rows from follow, unfollow and message events
            from . import followers

            followers.connect_receivers()
        if app_settings.DISPATCH == "celery":  # the web process's first queued drain: not 0.2 s late
            from . import queue

            queue.load_broker_client()
