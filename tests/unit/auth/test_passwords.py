"""Argon2id password hashing."""

from __future__ import annotations

import pytest

from tailor_core.auth.passwords import ensure_hashed, hash_password, looks_hashed, verify_password


def test_hash_and_verify_round_trip() -> None:
    hashed = hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert verify_password("correct horse battery staple", hashed)


def test_each_hash_is_salted() -> None:
    assert hash_password("same") != hash_password("same")


def test_wrong_password_is_false() -> None:
    hashed = hash_password("right")
    assert verify_password("wrong", hashed) is False
    assert verify_password("", hashed) is False
    assert verify_password("Right", hashed) is False


@pytest.mark.parametrize("garbage", ["", "plain text", "$argon2id$nonsense", "$2b$12$short"])
def test_garbage_hash_is_false(garbage: str) -> None:
    assert verify_password("anything", garbage) is False


def test_ensure_hashed_leaves_an_argon2_hash_alone() -> None:
    hashed = hash_password("pw")
    assert looks_hashed(hashed)
    assert ensure_hashed(hashed) == hashed


def test_ensure_hashed_hashes_a_plain_string() -> None:
    hashed = ensure_hashed("hashed_password")
    assert hashed != "hashed_password"
    assert hashed.startswith("$argon2id$")
    assert verify_password("hashed_password", hashed)
    assert not looks_hashed("hashed_password")
