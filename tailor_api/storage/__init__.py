"""Where uploaded originals are kept, shared by every API replica (TAILOR_STORAGE_URL)."""

from __future__ import annotations

from functools import lru_cache

from tailor_api.storage.base import Storage, object_key
from tailor_api.storage.local import LocalStorage
from tailor_core.errors import ConfigurationError
from tailor_core.settings import Settings, get_settings

__all__ = ["LocalStorage", "Storage", "get_storage", "object_key", "storage_for"]


def storage_for(settings: Settings) -> Storage:
    if settings.storage_url.startswith("s3://"):
        # Imported here: boto3 comes with the [s3] extra only.
        try:
            from tailor_api.storage.s3 import S3Storage
        except ImportError as exc:
            raise ConfigurationError(
                "TAILOR_STORAGE_URL is s3://... but boto3 is not installed: "
                "pip install 'tailor-resume-backend[s3]'"
            ) from exc
        return S3Storage.from_settings(settings)
    return LocalStorage.from_url(settings.storage_url)


@lru_cache(maxsize=1)
def get_storage() -> Storage:
    return storage_for(get_settings())
