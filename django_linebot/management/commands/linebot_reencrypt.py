from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F

from ... import crypto
from ...fields import EncryptedTextField
from ...models import Channel

logger = logging.getLogger(__name__)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every installed model with :class:`EncryptedTextField` columns, with their names."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored secret (every EncryptedTextField: channel secrets, access tokens, private "
        "keys) under the first key of LINEBOT['ENCRYPTION_KEY'], with its current derivation. Values under "
        "an older key of the list, under the SHA-256 derivation of django-linebot 0.1, or stored in plain "
        "text are rewritten; values no configured key opens are reported and left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be re-encrypted, change nothing"
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        try:
            crypto.configured_keys()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        moved = current = 0
        unreadable: list[str] = []
        for model, names in encrypted_fields():
            label = model._meta.label
            raw = [ExpressionWrapper(F(name), output_field=models.TextField()) for name in names]
            with transaction.atomic():
                rows = model._base_manager.select_for_update().order_by("pk").values_list("pk", *raw)
                if model is Channel:
                    rows = rows.exclude(from_settings=True)  # its secrets are LINEBOT's, never stored
                for pk, *values in rows.iterator(chunk_size=500):
                    changes: dict[str, str] = {}
                    for name, value in zip(names, values, strict=True):
                        if not value:
                            continue
                        if crypto.is_current(value):
                            current += 1
                            continue
                        plain = crypto.decrypt(value)
                        if isinstance(plain, crypto.Undecryptable):
                            unreadable.append(f"{label} #{pk} {name}")
                            continue
                        changes[name] = plain
                    moved += len(changes)
                    if changes and not dry_run:
                        model._base_manager.filter(pk=pk).update(**changes)  # the field encrypts them
        for where in unreadable:
            self.stderr.write(f"cannot decrypt {where}: left as it is (is its key in ENCRYPTION_KEY?)")
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        summary = (
            f"{verb} {moved} value(s) under the first ENCRYPTION_KEY; {current} already current; "
            f"{len(unreadable)} cannot be decrypted"
        )
        logger.info("linebot_reencrypt: %s", summary)
        self.stdout.write(summary)
