"""The engine's tokens and normalized forms, word frequencies, and the cleaning of names."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache
from types import ModuleType

from bench.vocabulary.sources import ENGINE_TEXT


def _load_engine_text() -> ModuleType:
    """The engine's tokenizer module, loaded from its file: the build needs only TOKEN_RE and
    normalize(), not the engine package (whose __init__ imports every stage)."""
    spec = importlib.util.spec_from_file_location("_tailor_engine_text", ENGINE_TEXT)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {ENGINE_TEXT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_TEXT = _load_engine_text()
TOKEN_RE: re.Pattern[str] = _TEXT.TOKEN_RE


def normalize(token: str) -> str:
    """The engine's normalized form of a token (case-folded, apostrophes unified)."""
    return str(_TEXT.normalize(token))


PARENTHETICAL_RE = re.compile(r"\s+\([^()]*\)$")
_SPACE_RE = re.compile(r"\s+")
_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\u2010": "-",
        "\u2011": "-",
        "`": "'",
    }
)


@cache
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.casefold(), "en"))


def clean(name: str) -> str:
    text = unicodedata.normalize("NFC", name).translate(_TRANSLATE)
    return _SPACE_RE.sub(" ", text).strip()


def tokens_of(name: str) -> list[str]:
    return TOKEN_RE.findall(name)


def folded_key(name: str) -> tuple[str, ...]:
    return tuple(normalize(token) for token in tokens_of(name))


def has_upper(text: str) -> bool:
    return any(character.isupper() for character in text)
