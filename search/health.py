"""Is the configured search engine usable? (The index itself arrives with the search module.)"""

from __future__ import annotations

import urllib.request

from infra.settings import SearchBackend, SearchSettings


def check_search(settings: SearchSettings, timeout_s: float = 2.0) -> None:
    """Raise OSError when the engine cannot be used."""
    if settings.backend is SearchBackend.TANTIVY:
        # Embedded engine: reachable means its index folder can be written.
        settings.tantivy_path.mkdir(parents=True, exist_ok=True)
        probe = settings.tantivy_path / ".ready-probe"
        probe.write_bytes(b"ok")
        probe.unlink()
        return
    url = f"{(settings.meilisearch_url or '').rstrip('/')}/health"
    with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310 - URL from settings
        if response.status != 200:
            raise OSError(f"meilisearch answered {response.status}")
