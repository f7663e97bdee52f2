from django.apps import AppConfig


class BotConfig(AppConfig):
    name = "example_project.bot"
    label = "bot"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the signal receivers
