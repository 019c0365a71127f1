"""The embeds' pure rules: who may frame them, which URLs oEmbed answers, sizes, origins."""

from __future__ import annotations

import pytest

from infra.errors import AppError, NotFound
from infra.http.middleware import SECURITY_HEADERS, framed_policy
from infra.settings import SettingsError, SettingsReader
from marketplace.embeds.errors import NotImplementedFormat
from marketplace.embeds.oembed import Target, bound, check_format, fitted, iframe, target_of
from marketplace.embeds.settings import EmbedSettings
from media.plays.origins import origin_of

PUBLIC = "https://lakou.example"
WORK = "0190c5c5-0000-7000-8000-000000000001"


def _read(value: str) -> EmbedSettings:
    return EmbedSettings.read(SettingsReader({"LAKOU_EMBEDS_FRAME_ANCESTORS": value}))


def test_any_site_may_frame_embeds_unless_an_allow_list_is_given() -> None:
    assert EmbedSettings.read(SettingsReader({})).frame_ancestors == ("*",)
    listed = _read("https://festival.example, https://*.mq.example:8443/ https://festival.example")
    assert listed.frame_ancestors == ("https://festival.example", "https://*.mq.example:8443")
    for bad in ("'none'; script-src *", "festival.example", "javascript:", "https://a b"):
        with pytest.raises(SettingsError, match="LAKOU_EMBEDS_FRAME_ANCESTORS"):
            _read(bad)


def test_the_framed_policy_changes_only_frame_ancestors() -> None:
    policy = framed_policy("https://festival.example")
    assert "frame-ancestors https://festival.example;" in policy
    expected = SECURITY_HEADERS["content-security-policy"].replace(
        "frame-ancestors 'none'", "frame-ancestors https://festival.example"
    )
    assert policy == expected


def test_oembed_answers_for_lakou_pages_only() -> None:
    assert target_of(f"{PUBLIC}/oeuvres/{WORK}", PUBLIC) == Target("work", WORK)
    creole = target_of(f"http://LAKOU.example/embed/works/{WORK}/?lang=gcf", PUBLIC)
    assert creole == Target("work", WORK, "gcf-MQ")
    assert creole.embed_src("/embed") == "/embed?lang=gcf-MQ"
    assert target_of(f"{PUBLIC}/oeuvres/{WORK}?lang=<x>", PUBLIC).lang is None
    assert target_of(f"{PUBLIC}/createurs/{WORK}", PUBLIC) == Target("creator", WORK)
    assert target_of(f"{PUBLIC}/marches/fimac-2027", PUBLIC) == Target("market", "fimac-2027")
    for foreign in (
        f"https://lakou.example.evil/oeuvres/{WORK}",
        f"ftp://lakou.example/oeuvres/{WORK}",
        f"{PUBLIC}/oeuvres/{WORK}/couverture",
        f"{PUBLIC}/studio",
        "",
    ):
        with pytest.raises(NotFound):
            target_of(foreign, PUBLIC)


def test_sizes_are_upper_bounds_and_shrink_proportionally() -> None:
    assert fitted((640, 440), None, None) == (640, 440)
    assert fitted((640, 440), 320, None) == (320, 220)
    assert fitted((640, 440), 10**9, 110) == (160, 110)
    assert bound(None) is None
    assert bound("1000000000") == 10**9
    assert bound("9" * 40) == 10**12
    assert bound("0042") == 42
    for bad in ("0", "000", "-1", "1.5", "١٢", "abc", " "):
        with pytest.raises(AppError) as refused:
            bound(bad)
        assert refused.value.code == "invalid_size"
    check_format("JSON")
    check_format(None)
    with pytest.raises(NotImplementedFormat):
        check_format("xml")


def test_the_iframe_escapes_the_title() -> None:
    html = iframe(f"{PUBLIC}/embed/works/{WORK}", '"><script>x</script>', (480, 152))
    assert "<script>" not in html
    assert 'width="480" height="152"' in html


def test_the_referring_site_is_its_origin() -> None:
    assert origin_of("https://festival.example/programme?day=2") == "https://festival.example"
    assert origin_of("http://127.0.0.1:8123/") == "http://127.0.0.1:8123"
    for bad in (None, "", "javascript:alert(1)", "https://x.example:99999/", "data:text/html,x"):
        assert origin_of(bad) is None
