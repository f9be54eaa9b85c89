"""Password hashing with Argon2id, so no plain password is ever stored."""

from __future__ import annotations

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def looks_hashed(value: str) -> bool:
    """True only for a well-formed Argon2 hash, the one kind verify_password can check."""
    try:
        extract_parameters(value)
    except (InvalidHashError, ValueError):
        return False
    return value.startswith("$argon2")


def ensure_hashed(value: str) -> str:
    """Hash a value that is not already an Argon2 hash (the original API took a hash)."""
    return value if looks_hashed(value) else hash_password(value)
