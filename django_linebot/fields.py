from __future__ import annotations

from typing import Any

from django.db import models

from .crypto import Undecryptable, decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Text stored encrypted (see :mod:`django_linebot.crypto`); it cannot be filtered on."""

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Undecryptable):
            return str.__str__(value)  # the ciphertext as it was loaded: saving keeps it
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        """The plain text, or an :class:`~django_linebot.crypto.Undecryptable` that fails only when used."""
        return decrypt(value) if value else value
