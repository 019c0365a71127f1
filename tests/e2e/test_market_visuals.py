"""A market's poster and banner: its managers upload them (API and the administration's page);
they are decoded, re-encoded as WebP and JPEG in a few widths without metadata, stored by
content and served with a year of cache on the market's page and the list. What is not an
image, too heavy, too large or too small is refused with its code and changes nothing; another
organiser is refused."""

from __future__ import annotations

import io
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient
from PIL import Image

from lakou.bootstrap import Container
from marketplace.markets.visuals.domain import MAX_VISUAL_BYTES
from tests.e2e.test_markets_api import _code, _ports, market_body, open_market, organiser
from tests.e2e.test_markets_pages import _email
from tests.helpers import CSRF_INPUT, page_log_in

__all__ = ["_ports"]


def lavfi_image(folder: Path, size: str, name: str) -> bytes:
    """A still of ffmpeg's test pattern, as a PNG."""
    out = folder / name
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={size}",
            "-frames:v",
            "1",
            "-y",
            str(out),
        ],
        check=True,
    )
    return out.read_bytes()


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("visuals")
    poster = lavfi_image(folder, "900x1350", "poster.png")
    return {
        "poster": poster,
        "banner": lavfi_image(folder, "1600x500", "banner.png"),
        "tiny": lavfi_image(folder, "120x90", "tiny.png"),
        "bomb": claimed_size(poster, 30000, 30000),
    }


def claimed_size(png: bytes, width: int, height: int) -> bytes:
    """The PNG with a header that claims another size (its CRC made right again)."""
    chunk = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    return png[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + png[33:]


async def test_the_managers_visuals_are_re_encoded_and_served_with_long_cache(
    client: AsyncTestClient, container: Container, images: dict[str, bytes]
) -> None:
    headers = await organiser(client, container)
    market = await open_market(client, headers)
    base = f"/api/markets/{market['id']}/visuals"

    poster = await client.put(f"{base}/poster", content=images["poster"], headers=headers)
    assert poster.status_code == 200, poster.text
    body = poster.json()
    assert (body["width"], body["height"], body["widths"]) == (900, 1350, [240, 480, 900])
    banner = await client.put(f"{base}/banner", content=images["banner"], headers=headers)
    assert banner.json()["widths"] == [640, 1280, 1600]

    served = await client.get(body["webp"]["480"])
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/webp"
    assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert Image.open(io.BytesIO(served.content)).size == (480, 720)
    jpeg = Image.open(io.BytesIO((await client.get(body["jpeg"]["900"])).content))
    assert (jpeg.format, jpeg.size, dict(jpeg.getexif())) == ("JPEG", (900, 1350), {})
    assert (await client.get(body["webp"]["480"].replace("-480.", "-481."))).status_code == 404

    page = (await client.get(f"/marches/{market['slug']}")).text
    assert 'data-visual="banner"' in page
    assert banner.json()["webp"]["1280"] in page
    assert body["jpeg"]["480"] in (await client.get("/marches")).text

    # The same file again changes nothing; another organiser and a visitor are refused.
    again = await client.put(f"{base}/poster", content=images["poster"], headers=headers)
    assert again.json()["sha256"] == body["sha256"]
    stranger = await organiser(client, container)
    refused = await client.put(f"{base}/poster", content=images["banner"], headers=stranger)
    assert refused.status_code == 403
    assert (await client.put(f"{base}/poster", content=images["banner"])).status_code == 401

    bad = {
        "not_an_image": ("poster", b"%PDF-1.7 not an image at all" * 40),
        "image_too_big": ("poster", images["bomb"]),
        "image_too_small": ("banner", images["tiny"]),
        "invalid_visual_role": ("logo", images["poster"]),
    }
    for expected, (role, content) in bad.items():
        answer = await client.put(f"{base}/{role}", content=content, headers=headers)
        assert answer.status_code == 422, (expected, answer.text)
        assert _code(answer) == expected
    truncated = images["banner"][: len(images["banner"]) // 2]
    assert _code(await client.put(f"{base}/banner", content=truncated, headers=headers)) == (
        "not_an_image"
    )
    heavy = await client.put(
        f"{base}/poster", content=b"\0" * (MAX_VISUAL_BYTES + 1), headers=headers
    )
    assert heavy.status_code == 413
    assert _code(heavy) == "visual_too_large"
    listed = (await client.get(base)).json()
    assert [(v["role"], v["sha256"]) for v in listed] == [
        ("banner", banner.json()["sha256"]),
        ("poster", body["sha256"]),
    ]

    # A new poster: new addresses; the old ones are no longer this market's.
    replaced = await client.put(f"{base}/poster", content=images["banner"], headers=headers)
    assert replaced.json()["sha256"] != body["sha256"]
    assert (await client.get(body["webp"]["480"])).status_code == 404


async def test_a_draft_markets_visuals_from_the_administration_page(
    client: AsyncTestClient, container: Container, images: dict[str, bytes]
) -> None:
    headers = await organiser(client, container)
    made = await client.post("/api/markets", json=market_body(), headers=headers)
    market = made.json()
    page = f"/marches/{market['id']}/gestion/visuels"
    await page_log_in(client, (await _email(client, headers)))
    assert 'id="market-visuals"' in (await client.get(f"/marches/{market['id']}/gestion")).text
    form = await client.get(page)
    token = CSRF_INPUT.search(form.text)
    assert token
    wrong = await client.post(
        page,
        data={"role": "poster", "_csrf_token": token.group(1)},
        files={"file": ("affiche.txt", b"pas une image", "text/plain")},
        follow_redirects=False,
    )
    assert wrong.status_code == 422
    assert "data-error" in wrong.text
    sent = await client.post(
        page,
        data={"role": "poster", "_csrf_token": token.group(1)},
        files={"file": ("affiche.png", images["poster"], "image/png")},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    shown = (await client.get(page)).text
    assert 'data-visual="poster"' in shown
    path = shown.split('data-visual="poster"', 1)[1].split('<img src="', 1)[1].split('"', 1)[0]
    mine = await client.get(path)
    assert mine.headers["cache-control"].startswith("private")  # a draft: no shared cache
    client.cookies.clear()
    assert (await client.get(path)).status_code == 404  # nor anyone else's eyes
    stranger = await organiser(client, container)
    await page_log_in(client, (await _email(client, stranger)))
    assert (await client.get(page)).status_code == 404
