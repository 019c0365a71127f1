"""A short device label from a User-Agent ("Firefox · Linux", "Safari · iPhone"): enough for a
viewing report, no fingerprinting. Unknown agents read "autre"."""

from __future__ import annotations

_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_of(user_agent: str | None) -> str:
    agent = (user_agent or "")[:500]
    browser = next((name for mark, name in _BROWSERS if mark in agent), "")
    if "HeadlessChrome" in agent:
        browser = "Chrome (headless)"
    system = next((name for mark, name in _SYSTEMS if mark in agent), "")
    label = " · ".join(part for part in (browser, system) if part)
    return label or "autre"
