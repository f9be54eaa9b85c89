"""S3-compatible object storage (AWS S3, MinIO, Ceph, ...): TAILOR_STORAGE_URL=s3://bucket/prefix.

Credentials: TAILOR_S3_ACCESS_KEY_ID / TAILOR_S3_SECRET_ACCESS_KEY when set, otherwise boto3's
own chain (instance roles, ~/.aws). TAILOR_S3_ENDPOINT_URL points at a non-AWS endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config

from tailor_core.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


@dataclass(frozen=True)
class S3Storage:
    client: S3Client
    bucket: str
    prefix: str

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Storage:
        parts = urlsplit(settings.storage_url)
        options: dict[str, Any] = {
            # Bounded: an unreachable store must fail an upload, not hang the request.
            "config": Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3}),
        }
        if settings.s3_endpoint_url:
            options["endpoint_url"] = settings.s3_endpoint_url
        if settings.s3_region:
            options["region_name"] = settings.s3_region
        if settings.s3_access_key_id:
            options["aws_access_key_id"] = settings.s3_access_key_id
            options["aws_secret_access_key"] = settings.s3_secret_access_key
        client = boto3.client("s3", **options)
        return cls(client, parts.netloc, parts.path.strip("/"))

    def _key(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme != "s3" or parts.netloc != self.bucket:
            raise ValueError(f"{url} is not in bucket {self.bucket}")
        return parts.path.lstrip("/")

    def put(self, key: str, data: bytes, content_type: str) -> str:
        full = f"{self.prefix}/{key}" if self.prefix else key
        self.client.put_object(Bucket=self.bucket, Key=full, Body=data, ContentType=content_type)
        return f"s3://{self.bucket}/{full}"

    def get(self, url: str) -> bytes:
        response = self.client.get_object(Bucket=self.bucket, Key=self._key(url))
        return response["Body"].read()

    def delete(self, url: str) -> None:
        # S3 answers a delete of a missing key with success too.
        self.client.delete_object(Bucket=self.bucket, Key=self._key(url))
