"""Settings of the test suite, complete in this file: SQLite in memory, or PostgreSQL when DATABASE_URL says so.

Nothing comes from the example project's settings: a change there cannot change what the tests run under.
"""

import os
import tempfile
from pathlib import Path

from example_project.settings_base import database_from_url  # the one DATABASE_URL parser (tested there)

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "test-suite-insecure-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_linebot",
    "django_linebot.devtools",  # the suite runs linebot_fake_platform and linebot_simulate
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "tests.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "example_project.wsgi.application"  # the WSGI servers of the soak and nginx tests

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///:memory:"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins; never in production

USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"
MEDIA_ROOT = tempfile.mkdtemp(prefix="linebot-test-media-")  # rich menu images of this run only

LINEBOT = {
    "CHANNEL_SECRET": "test-channel-secret",
    "CHANNEL_ACCESS_TOKEN": "test-channel-access-token",
    "API_ENDPOINT": "http://127.0.0.1:9",  # each test that calls LINE points this at the fake
    "API_DATA_ENDPOINT": "http://127.0.0.1:9",
    "ENCRYPTION_KEY": "test-encryption-key-not-for-production",
}

CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False  # eager retries must run, not raise

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_linebot": {"handlers": ["console"], "level": "INFO"}},
}
