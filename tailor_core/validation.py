"""Input checks shared by every entry point, so each refusal reads the same everywhere."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tailor_core.errors import InvalidInput

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_email(email: str) -> str:
    value = email.strip()
    if len(value) > 320 or not _EMAIL.match(value):
        raise InvalidInput(f"not a valid email address: {email!r}")
    return value


def clean_name(name: str) -> str:
    value = name.strip()
    if not value:
        raise InvalidInput("name must not be empty")
    if len(value) > 200:
        raise InvalidInput("name must be at most 200 characters")
    return value


def required_text(field: str, value: str, max_chars: int) -> str:
    if "\x00" in value:
        raise InvalidInput(f"{field} contains a NUL byte: send plain text")
    text = value.strip()
    if not text:
        raise InvalidInput(f"{field} must not be empty")
    if len(text) > max_chars:
        raise InvalidInput(f"{field} is {len(text)} characters; the limit is {max_chars}")
    return text


def clean_idempotency_key(key: str) -> str:
    value = key.strip()
    if not value or len(value) > 200 or not value.isprintable():
        raise InvalidInput("idempotency_key must be 1 to 200 printable characters")
    return value


def positive_id(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"{field} must be a positive whole number, got {value!r}")
    return value


def clean_callback_url(url: str) -> str:
    value = url.strip()
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise InvalidInput(f"callback_url is not a valid URL: {url!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname or len(value) > 2048:
        raise InvalidInput("callback_url must be an http:// or https:// URL of at most 2048 chars")
    if parts.username or parts.password:
        # The URL is stored and logged: credentials in it would leak. Sign, don't embed.
        raise InvalidInput("callback_url must not carry a user name or password")
    return value
