from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from ...models import Channel


def read_private_key(path: str) -> str:
    """The text of a v2.1 assertion private key file (JWK JSON or PEM); CommandError if it holds none."""
    import jwt
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from jwt.algorithms import RSAAlgorithm

    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise CommandError(f"cannot read the private key file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        text = ""
    key: object
    try:
        stripped = text.strip()
        if stripped.startswith("{"):
            key = RSAAlgorithm.from_jwk(stripped)
        else:
            key = load_pem_private_key(stripped.encode("utf-8"), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm, jwt.InvalidKeyError):
        key = None
    if not isinstance(key, RSAPrivateKey):
        raise CommandError(
            f"{path} holds no RSA private key: expected the private key of the assertion key pair, "
            "as JWK JSON or unencrypted PEM"
        )
    return text


class Command(BaseCommand):
    help = (
        "Create a LINE channel. Secrets are read from environment variables, never from the command line "
        "(where other users could see them): LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN and, for v2.1, "
        "a private key file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--slug")
        parser.add_argument("--channel-id", default="")
        parser.add_argument(
            "--auth-mode", default=Channel.AuthMode.LONG_LIVED, choices=Channel.AuthMode.values
        )
        parser.add_argument("--secret-env", default="LINE_CHANNEL_SECRET")
        parser.add_argument("--token-env", default="LINE_CHANNEL_ACCESS_TOKEN")
        parser.add_argument("--private-key-file", help="v2.1: the assertion private key (JWK JSON or PEM)")
        parser.add_argument("--key-id", default="", help="v2.1: the key ID LINE gave the public key")

    def handle(self, *args: Any, **opts: Any) -> None:
        secret = os.environ.get(opts["secret_env"], "")
        if not secret:
            raise CommandError(f"set the channel secret in ${opts['secret_env']}")
        token = os.environ.get(opts["token_env"], "")
        mode = opts["auth_mode"]
        if mode == Channel.AuthMode.LONG_LIVED and not token:
            raise CommandError(f"the long-lived mode needs the token in ${opts['token_env']}")
        if mode != Channel.AuthMode.LONG_LIVED and not opts["channel_id"]:
            raise CommandError("issuing tokens needs --channel-id")
        private_key = ""
        if mode == Channel.AuthMode.V2_1:
            if not (opts["private_key_file"] and opts["key_id"]):
                raise CommandError("v2.1 needs --private-key-file and --key-id")
            private_key = read_private_key(opts["private_key_file"])
        elif opts["private_key_file"] or opts["key_id"]:
            raise CommandError("--private-key-file and --key-id are for --auth-mode v2_1 only")
        slug = opts["slug"] or slugify(opts["name"])
        if not slug:
            raise CommandError(f"the name {opts['name']!r} makes no slug: give one with --slug")
        if Channel.objects.filter(slug=slug).exists():
            raise CommandError(f"a channel with slug {slug!r} exists")
        channel = Channel(
            name=opts["name"],
            slug=slug,
            channel_id=opts["channel_id"],
            channel_secret=secret,
            channel_access_token=token if mode == Channel.AuthMode.LONG_LIVED else "",
            auth_mode=mode,
            assertion_private_key=private_key,
            assertion_key_id=opts["key_id"],
        )
        try:
            channel.full_clean()
        except ValidationError as exc:
            problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
            raise CommandError(problems) from None
        channel.save()
        self.stdout.write(f"created channel {channel.name!r}: webhook path /…/webhook/{channel.slug}/")
