"""Input checks shared by every entry point, so each refusal reads the same everywhere."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tailor_core.errors import InvalidInput

# The largest id any boundary accepts: 2**53 - 1, the largest integer every JSON reader holds
# exactly (RFC 7493). PostgreSQL's bigint goes to 2**63 - 1, but a schema maximum that large is
# read as a double by validators (schemathesis, JavaScript clients), which then take
# 9223372036854776000 for a valid id; no id this database hands out comes near either bound.
MAX_ID = 2**53 - 1
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


# Characters that change how a name is displayed without being part of it: C0/C1 controls
# (NUL is refused by PostgreSQL), bidirectional overrides and isolates (a right-to-left
# override makes "cv\u202efdp.exe" read as "cvexe.pdf"), and lone surrogates (not encodable).
_HIDDEN_IN_NAMES = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def clean_filename(name: str, default: str = "resume") -> str:
    """The last path part of a client's file name, without hidden characters, <= 255 chars."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    visible = _HIDDEN_IN_NAMES.sub("", last).strip()
    return visible[-255:] or default


def job_id_from(raw: object) -> int:
    """A job id from any boundary (path, CLI, task argument): ASCII digits, 1 to MAX_ID."""
    if isinstance(raw, bool):
        raise InvalidInput(f"job id must be a whole number from 1 to {MAX_ID}, got {raw!r}")
    if isinstance(raw, str):
        text = raw.strip()
        # str.isdigit() accepts "²" and other digits int() refuses: ASCII only.
        if not (text.isascii() and text.isdigit()) or len(text) > 19:
            raise InvalidInput(
                f"job id must be a whole number from 1 to {MAX_ID}, got {raw[:40]!r}"
            )
        raw = int(text)
    if not isinstance(raw, int) or not 1 <= raw <= MAX_ID:
        raise InvalidInput(f"job id must be a whole number from 1 to {MAX_ID}, got {raw!r}")
    return raw
