"""Each module's scripts live next to its templates and are served at /static/<module>/."""

from __future__ import annotations

import re
from pathlib import Path

from litestar.testing import AsyncTestClient

from lakou.app import template_dirs
from lakou.bootstrap import Container

SCRIPT = re.compile(r'<script src="(/static/[^"]+)"')


async def test_every_script_a_template_loads_is_served(
    client: AsyncTestClient, container: Container
) -> None:
    paths = {
        path
        for folder in template_dirs(container.modules)
        for template in Path(folder).rglob("*.html")
        for path in SCRIPT.findall(template.read_text())
    }
    assert "/static/orders/shop.js" in paths  # moved next to the shop's templates
    assert "/static/media/player.js" in paths
    for path in sorted(paths):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert "javascript" in response.headers["content-type"], path
    assert (await client.get("/static/orders/nothing.js")).status_code == 404
