"""/docs and /redoc work without internet: every asset comes from the API itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.api import ApiServer, running_api
from tests.support.workers import child_env

pytestmark = pytest.mark.e2e

# src="..." / href="..." / url: '...' in the HTML pages.
REFERENCE = re.compile(r"""(?:src|href)=["']([^"']+)["']|url:\s*['"]([^'"]+)['"]""")


@pytest.fixture(scope="module")
def api(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    env = child_env()
    with running_api(env, tmp_path_factory.mktemp("docs")) as server:
        yield server


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_reference_no_external_host(api: ApiServer, page: str) -> None:
    with api.client() as client:
        response = client.get(page)
        assert response.status_code == 200
        html = response.text
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), html
        references = [a or b for a, b in REFERENCE.findall(html)]
        scripts = [ref for ref in references if ref.endswith(".js")]
        assert scripts, f"{page} loads no script: {html}"
        for reference in references:
            assert reference.startswith("/"), reference
            assert not reference.startswith("//"), reference
            asset = client.get(reference)
            assert asset.status_code == 200, reference
            assert len(asset.content) > 100, reference


def test_every_operation_says_what_it_does(api: ApiServer) -> None:
    document = httpx.get(f"{api.url}/openapi.json", timeout=10).json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            summary = operation.get("summary", "")
            assert len(summary.split()) >= 2, f"{method.upper()} {path}: bare summary {summary!r}"
    schemas = document["components"]["schemas"]
    assert not [name for name in schemas if name.startswith("Body_")], sorted(schemas)
    upload = document["paths"]["/v1/resumes"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["$ref"] == "#/components/schemas/ResumeUpload"


def test_docs_assets_are_packaged_not_fetched() -> None:
    # The assets ship inside an installed package (fastapi-offline), not in this repository.
    import fastapi_offline

    static = Path(fastapi_offline.__file__).parent / "static"
    assert (static / "swagger-ui-bundle.js").stat().st_size > 100_000
    assert (static / "redoc.standalone.js").stat().st_size > 100_000
