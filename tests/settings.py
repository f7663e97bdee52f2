"""Settings for the test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

import os

from example_project.settings_base import *  # noqa: F403
from example_project.settings_base import database_from_url

SECRET_KEY = "test-suite-insecure-key"  # example_project.settings_base holds no secrets
DEBUG = False
DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///:memory:"))}
LINEBOT = {
    "CHANNEL_SECRET": "test-channel-secret",
    "CHANNEL_ACCESS_TOKEN": "test-channel-access-token",
    "API_ENDPOINT": "http://127.0.0.1:9",  # each test that calls LINE points this at the fake
    "API_DATA_ENDPOINT": "http://127.0.0.1:9",
    "ENCRYPTION_KEY": "test-encryption-key-not-for-production",
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False  # eager retries must run, not raise
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ROOT_URLCONF = "example_project.urls"
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "example_project.bot"]  # noqa: F405

import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="linebot-test-media-")
