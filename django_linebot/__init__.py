"""django-linebot: the Django app for the LINE Messaging API."""

__version__ = "0.1.0"
