"""Password hashing with Argon2id, so no plain password is ever stored."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_KNOWN_HASH_PREFIXES = ("$argon2id$", "$argon2i$", "$argon2d$", "$2a$", "$2b$", "$2y$")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def looks_hashed(value: str) -> bool:
    return value.startswith(_KNOWN_HASH_PREFIXES)


def ensure_hashed(value: str) -> str:
    """Hash a value that is not already an Argon2/bcrypt hash (the original API took either)."""
    return value if looks_hashed(value) else hash_password(value)
