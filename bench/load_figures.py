"""The load benchmark's arithmetic, kept apart from locust (which patches the standard library
when imported): percentiles, the warm-up, memory growth, and reading HLS playlists."""

from __future__ import annotations


def kind_of(method: str, name: str) -> str:
    if name.startswith("/media/"):
        return "media"
    return "read" if method == "GET" else "write"


def playlist_uris(text: str) -> list[str]:
    """The URIs an HLS playlist points at (variants or segments), in order."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def hls_url(urls: dict[str, str]) -> str | None:
    """The HLS playlist among a playback answer's URLs, else the first one."""
    for url in urls.values():
        if isinstance(url, str) and ".m3u8" in url:
            return url
    return next((url for url in urls.values() if isinstance(url, str)), None)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def warm_up_s(duration_s: float) -> float:
    """The first minute (a tenth of a shorter run): users logging in, caches filling."""
    return min(60.0, duration_s / 10)


def p99_after(timed: list[list[float]], since: float) -> float:
    """The 99th percentile of the durations of the requests that ended after `since`."""
    return percentile([took for ended, took in timed if ended >= since], 0.99)


def rss_growth(samples: list[tuple[float, dict[str, int]]], duration_s: float) -> dict[str, float]:
    """Each process's relative growth of its mean RSS from the second minute to the last one.

    A "minute" is a tenth of the run when it is shorter than ten minutes (a smoke run), so the
    first window (start-up, caches filling) is always left out.
    """
    window = warm_up_s(duration_s)
    second = [s for t, s in samples if window <= t < 2 * window]
    last = [s for t, s in samples if t >= duration_s - window]
    growth: dict[str, float] = {}
    if not second or not last:
        return growth
    for name in second[0]:
        before = sum(s[name] for s in second) / len(second)
        after = sum(s[name] for s in last) / len(last)
        growth[name] = (after - before) / before if before else 0.0
    return growth
