"""What a film's language versions cost its master playlist, as served.

A film's master is served through `/media/<token>/hls/master.m3u8`; with versions, the server
adds one `EXT-X-MEDIA` line per version, each signed for the viewer (docs/decisions.md,
"Language versions"). Measured through the app in-process (litestar's test client, SQLite
in a temporary folder unless `LAKOU_BENCH_DATABASE_URL` names a database): the same request
for a film with three audio tracks and three subtitles against a film with none (the bare
baseline: the stored file as it is). Prints `versions_master_over_plain` (target ≤ 2.0) and
the milliseconds of each.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient

from bench.support import run_in_temporary_folder
from infra.db.migrations import migrate
from infra.ids import new_id
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import build_container, connect_database, enabled_modules
from media.access.tokens import Scope, TokenSigner
from media.assets.domain import AssetRole, AssetStatus, MediaAsset
from media.assets.repository import AssetRepository
from media.kinds import MediaKind

ROUNDS = 400
MASTER = (
    "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_audio",NAME="audio",DEFAULT=YES,'
    'URI="audio/index.m3u8"\n'
    '#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",'
    'AUDIO="group_audio"\n360p/index.m3u8\n'
    '#EXT-X-STREAM-INF:BANDWIDTH=1800000,RESOLUTION=960x540,CODECS="avc1.64001f,mp4a.40.2",'
    'AUDIO="group_audio"\n540p/index.m3u8\n'
    '#EXT-X-STREAM-INF:BANDWIDTH=140000,CODECS="mp4a.40.2",AUDIO="group_audio"\n'
    "audio/index.m3u8\n"
)
VERSIONS = (
    (AssetRole.AUDIO_TRACK, MediaKind.AUDIO, "gcf-MQ", "version", "hls/audio/index.m3u8"),
    (AssetRole.AUDIO_TRACK, MediaKind.AUDIO, "en", "version", "hls/audio/index.m3u8"),
    (AssetRole.AUDIO_TRACK, MediaKind.AUDIO, "fr", "description", "hls/audio/index.m3u8"),
    (AssetRole.SUBTITLE, MediaKind.SUBTITLE, "fr", "subtitles", "subtitles/fr.vtt"),
    (AssetRole.SUBTITLE, MediaKind.SUBTITLE, "gcf-MQ", "subtitles", "subtitles/gcf-MQ.vtt"),
    (AssetRole.SUBTITLE, MediaKind.SUBTITLE, "en", "captions", "subtitles/en.vtt"),
)


def _asset(work_id: UUID, role: AssetRole, kind: MediaKind, **extra: Any) -> MediaAsset:
    now = datetime.now(UTC)
    return MediaAsset(
        id=new_id(),
        work_id=work_id,
        owner_id=UUID(int=1),
        kind=kind,
        role=role,
        language=extra.pop("language", None),
        original_name="bench",
        original_key=f"originals/bench/{new_id().hex}",
        declared_size=1,
        part_size=1,
        status=AssetStatus.READY,
        created_at=now,
        updated_at=now,
        expires_at=now + timedelta(days=1),
        **extra,
    )


async def _film(container: Any, versions: bool) -> MediaAsset:
    work_id = new_id()
    key = f"renditions/{work_id.hex}/run/hls/master.m3u8"
    container.storage.put(key, iter([MASTER.encode()]), "application/vnd.apple.mpegurl")
    entry = {"role": "hls_master", "path": "hls/master.m3u8", "key": key}
    main = _asset(
        work_id,
        AssetRole.MAIN,
        MediaKind.VIDEO,
        manifest=[{**entry, "content_type": "application/vnd.apple.mpegurl"}],
        facts={"duration_s": 5400.0},
    )
    await AssetRepository().add(main)
    for role, kind, language, track_kind, path in VERSIONS if versions else ():
        manifest_role = "hls_playlist" if kind is MediaKind.AUDIO else "subtitle"
        manifest = [{"role": manifest_role, "path": path, "key": f"x/{path}", "content_type": "x"}]
        await AssetRepository().add(
            _asset(work_id, role, kind, language=language, track_kind=track_kind, manifest=manifest)
        )
    return main


async def _time(client: AsyncTestClient, url: str) -> list[float]:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = await client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    return times


async def run(settings: Settings) -> str:
    from lakou.app import create_app

    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, None)
    signer = TokenSigner(settings.secret_key)
    plain, versioned = await _film(container, False), await _film(container, True)
    async with AsyncTestClient(app=create_app(container)) as client:
        urls = {
            name: f"/media/{signer.issue(asset.id, Scope.FULL, None, 3600)}/hls/master.m3u8"
            for name, asset in (("plain", plain), ("versions", versioned))
        }
        master = (await client.get(urls["versions"])).text
        assert master.count("#EXT-X-MEDIA") == 1 + len(VERSIONS), master
        await _time(client, urls["plain"])  # warm up
        # Interleaved rounds, so both see the same machine.
        plain_s: list[float] = []
        versions_s: list[float] = []
        for _ in range(3):
            plain_s += await _time(client, urls["plain"])
            versions_s += await _time(client, urls["versions"])
    plain_ms = statistics.median(plain_s) * 1000
    versions_ms = statistics.median(versions_s) * 1000
    print(f"master of a film without versions: median {plain_ms:.2f} ms")
    print(f"master of a film with {len(VERSIONS)} versions: median {versions_ms:.2f} ms")
    return (
        f"RESULT versions_master_over_plain={versions_ms / plain_ms:.2f} "
        f"plain_ms={plain_ms:.2f} versions_ms={versions_ms:.2f}"
    )


if __name__ == "__main__":
    run_in_temporary_folder("lakou-versions-bench-", run)
