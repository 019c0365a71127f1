"""The load benchmark's arithmetic (bench/load_figures.py): what it reports is what happened."""

from __future__ import annotations

from bench.load_figures import hls_url, kind_of, p99_after, playlist_uris, rss_growth, warm_up_s


def test_a_master_playlist_leads_to_its_variants_then_segments() -> None:
    master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=128000\naudio/128k.m3u8\n\n"
    variant = "#EXTM3U\n#EXTINF:4.0,\nseg-000.ts\n#EXTINF:4.0,\nseg-001.ts\n#EXT-X-ENDLIST\n"
    assert playlist_uris(master) == ["audio/128k.m3u8"]
    assert playlist_uris(variant) == ["seg-000.ts", "seg-001.ts"]
    assert hls_url({"poster": "/media/t/p.jpg", "hls": "/media/t/master.m3u8"}) == (
        "/media/t/master.m3u8"
    )
    assert hls_url({}) is None


def test_requests_are_read_write_or_media() -> None:
    assert kind_of("GET", "/api/search") == "read"
    assert kind_of("POST", "/api/checkout") == "write"
    assert kind_of("GET", "/media/[playlist or segment]") == "media"


def test_the_p99_leaves_the_warm_up_out() -> None:
    slow_logins = [[10.0, 5000.0]] * 20
    steady = [[100.0 + n, float(n % 100)] for n in range(1000)]
    assert p99_after(slow_logins + steady, since=60) == 99
    assert p99_after(slow_logins + steady, since=0) == 5000
    assert warm_up_s(600) == 60
    assert warm_up_s(40) == 4


def test_memory_growth_compares_the_second_minute_with_the_last() -> None:
    samples = [
        (t, {"api": 100_000 if t < 120 else 108_000, "relay": 50_000}) for t in range(0, 600, 5)
    ]
    samples[0] = (0, {"api": 10_000, "relay": 10_000})  # start-up is not counted
    growth = rss_growth(samples, 600)
    assert round(growth["api"], 3) == 0.08
    assert growth["relay"] == 0
