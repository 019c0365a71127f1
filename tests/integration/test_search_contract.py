"""One contract for every `SearchIndex` adapter: tantivy always, Meilisearch when
`MEILISEARCH_URL` is set (its server cannot be installed on these machines)."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from search.documents import SearchDocument
from search.port import Filters, IntRange, SearchIndex, SearchQuery, Sort, View
from search.tantivy import TantivyIndex
from tests.fixtures_s3 import free_port

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
_serial = itertools.count()
MEILI_REASON = (
    "MEILISEARCH_URL is not set: the Meilisearch server is not installable here; set "
    "MEILISEARCH_URL (and MEILISEARCH_KEY) to run this contract against Meilisearch"
)


def document(
    title: str,
    *,
    id: str | None = None,
    titles: dict[str, str] | None = None,
    description: str = "",
    creator: str = "Léna Tanbouyé",
    credits: tuple[str, ...] = (),
    discipline: str = "music",
    languages: tuple[str, ...] = ("fr",),
    commune: str | None = "Le Marigot",
    year: int | None = 2020,
    duration_s: int | None = 240,
    price_cents: int | None = None,
    availability: tuple[str, ...] = (),
    has_preview: bool = False,
    published_at: datetime | None = None,
    territories: tuple[str, ...] = (),
    licence_types: tuple[str, ...] = (),
) -> SearchDocument:
    serial = next(_serial)
    return SearchDocument(
        id=id or str(uuid.uuid4()),
        titles=titles or {"fr": title},
        descriptions={"fr": description} if description else {},
        creator_id=f"creator-{creator}",
        creator_name=creator,
        credit_names=credits,
        discipline=discipline,
        tags=(discipline,),
        languages=languages,
        commune=commune,
        year=year,
        duration_s=duration_s,
        price_cents=price_cents,
        availability=availability,
        has_preview=has_preview,
        published_at=published_at or EPOCH + timedelta(minutes=serial),
        territories=territories,
        licence_types=licence_types,
    )


async def open_engine(kind: str, tmp_path: Path) -> SearchIndex:
    if kind == "tantivy":
        return TantivyIndex(tmp_path / "search")
    url = os.environ.get("MEILISEARCH_URL")
    if not url:
        pytest.skip(MEILI_REASON)
    from search.meili_index import MeiliIndex

    return MeiliIndex(url, os.environ.get("MEILISEARCH_KEY"), uid=f"lakou_test_{uuid.uuid4().hex}")


async def close_engine(engine: SearchIndex) -> None:
    from search.meili_index import MeiliIndex

    if isinstance(engine, MeiliIndex):
        client = engine._client
        client.wait_for_task(client.delete_index(engine.uid).task_uid)
    engine.close()


@pytest.fixture(params=["tantivy", "meilisearch"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[SearchIndex]:
    opened = await open_engine(request.param, tmp_path)
    yield opened
    await close_engine(opened)


def ids(results: Any) -> list[str]:
    return [hit.id for hit in results.hits]


async def test_upsert_then_find_get_and_count(engine: SearchIndex) -> None:
    lune = document("Bèlè de la Lune", id="lune", credits=("Marius Lafleur",))
    await engine.upsert([lune, document("Zouk toute la nuit", id="zouk")])
    assert await engine.count() == 2
    found = await engine.search(SearchQuery(text="lune"))
    assert ids(found) == ["lune"]
    assert found.total == 1
    assert found.hits[0] == lune
    assert await engine.get("lune") == lune
    assert await engine.get("missing") is None
    # Every text field is searchable: creator and credits too.
    assert ids(await engine.search(SearchQuery(text="Marius Lafleur"))) == ["lune"]


async def test_upsert_replaces_and_delete_removes(engine: SearchIndex) -> None:
    await engine.upsert([document("Bèlè de la Lune", id="w1")])
    await engine.upsert([document("Chanté Nwèl", id="w1")])
    assert await engine.count() == 1
    assert ids(await engine.search(SearchQuery(text="lune"))) == []
    assert ids(await engine.search(SearchQuery(text="nwel"))) == ["w1"]
    await engine.delete(["w1", "never-indexed"])
    assert await engine.count() == 0
    assert (await engine.search(SearchQuery(text="nwel"))).total == 0


async def test_accents_case_and_creole_spellings(engine: SearchIndex) -> None:
    await engine.upsert(
        [
            document("Kont kréyòl", id="kont"),
            document("BÈLÈ ANBA LALIN", id="bele"),
            document("Film documentaire", id="film", discipline="film"),
        ]
    )
    for text in ("kréyòl", "KREYOL", "kreol", "créole", "creole"):
        assert ids(await engine.search(SearchQuery(text=text))) == ["kont"], text
    for text in ("bèlè", "bele", "Bele lalin", "lune"):
        assert ids(await engine.search(SearchQuery(text=text))) == ["bele"], text


async def test_typo_tolerance_grows_with_word_length(engine: SearchIndex) -> None:
    await engine.upsert(
        [
            document("Zouk", id="zouk", year=None),
            document("Tambour", id="tambour"),
            document("Documentaire", id="doc", discipline="film"),
        ]
    )
    # One typo from 5 letters, two from 9 ...
    assert ids(await engine.search(SearchQuery(text="tamboir"))) == ["tambour"]
    assert ids(await engine.search(SearchQuery(text="dokumentair"))) == ["doc"]
    # ... and none below 5 (no word in the index starts with these).
    assert ids(await engine.search(SearchQuery(text="zoik"))) == []
    assert ids(await engine.search(SearchQuery(text="tonbpr"))) == []


async def test_query_syntax_is_plain_words(engine: SearchIndex) -> None:
    await engine.upsert([document("Bèlè de la Lune", id="lune"), document("Or noir", id="or")])
    for text in (
        "title:* OR 1=1",
        'discipline = "music" OR id EXISTS',
        "id:lune",
        "*",
        '"',
        "-lune",
        "(lune",
        "lune)",
        "lune^100",
        "lune~2",
        "[a TO z]",
        "\\",
        "' OR ''='",
        "ﾟ✨ 🎶 ✨ﾟ",
    ):
        found = await engine.search(SearchQuery(text=text))
        assert found.total >= 0, text
    assert ids(await engine.search(SearchQuery(text="-lune"))) == ["lune"]


async def test_filters_facets_and_stats(engine: SearchIndex) -> None:
    await engine.upsert(
        [
            document(
                "Bèlè lalin",
                id="a",
                languages=("gcf-MQ", "fr"),
                year=1995,
                duration_s=200,
                availability=("stream", "free"),
                has_preview=True,
            ),
            document("Bèlè solèy", id="b", commune="Saint-Pierre", year=2021, duration_s=3600),
            document(
                "Bèlè filme",
                id="c",
                discipline="film",
                languages=("en",),
                year=2010,
                duration_s=7000,
            ),
        ]
    )

    async def found(**filters: Any) -> list[str]:
        result = await engine.search(SearchQuery(text="bele", filters=Filters(**filters)))
        return sorted(ids(result))

    assert await found(disciplines=("music",)) == ["a", "b"]
    assert await found(disciplines=("music", "film")) == ["a", "b", "c"]
    assert await found(languages=("gcf-MQ",)) == ["a"]
    assert await found(communes=("SAINT-PIERRE",)) == ["b"]
    assert await found(communes=("saint pierre",)) == []
    assert await found(availability=("free",)) == ["a"]
    assert await found(has_preview=True) == ["a"]
    assert await found(has_preview=False) == ["b", "c"]
    assert await found(year=IntRange(2000, None)) == ["b", "c"]
    assert await found(year=IntRange(1995, 1995)) == ["a"]
    assert await found(duration_s=IntRange(None, 3600)) == ["a", "b"]
    assert await found(price_cents=IntRange(0, 100)) == []
    assert await found(disciplines=("music",), year=IntRange(2000, None)) == ["b"]

    result = await engine.search(SearchQuery(text="bele"))
    assert result.facets["discipline"] == {"music": 2, "film": 1}
    assert result.facets["language"] == {"fr": 2, "gcf-MQ": 1, "en": 1}
    assert result.facets["commune"] == {"Le Marigot": 2, "Saint-Pierre": 1}
    assert result.facets["availability"] == {"stream": 1, "free": 1}
    assert result.facets["has_preview"] == {"true": 1, "false": 2}
    assert result.facets["decade"] == {"1990s": 1, "2020s": 1, "2010s": 1}
    assert result.facets["duration"] == {"under_5m": 1, "30m_90m": 1, "over_90m": 1}
    assert result.facets["price"] == {}
    assert "territory" not in result.facets
    assert result.stats["year"] == (1995, 2021)
    assert result.stats["duration_s"] == (200, 7000)
    assert "price_cents" not in result.stats
    # Counts follow the filters.
    music = await engine.search(SearchQuery(text="bele", filters=Filters(disciplines=("music",))))
    assert music.facets["discipline"] == {"music": 2}


async def test_rights_filters_and_facets_in_the_partner_view(engine: SearchIndex) -> None:
    await engine.upsert(
        [
            document("Lanmè", id="a", territories=("CA", "FR"), licence_types=("broadcast",)),
            document("Lanmè blé", id="b", territories=("FR",), licence_types=("sync",)),
        ]
    )
    canada = SearchQuery(text="lanme", filters=Filters(territories=("CA",)), view=View.PARTNER)
    result = await engine.search(canada)
    assert ids(result) == ["a"]
    assert result.facets["territory"] == {"CA": 1, "FR": 1}
    assert result.facets["licence_type"] == {"broadcast": 1}
    everything = await engine.search(SearchQuery(text="lanme", view=View.PARTNER))
    assert everything.facets["territory"] == {"FR": 2, "CA": 1}
    sync = SearchQuery(filters=Filters(licence_types=("sync",)), view=View.PARTNER)
    assert ids(await engine.search(sync)) == ["b"]


async def test_sorting_and_stable_pages(engine: SearchIndex) -> None:
    batch = [
        document(f"Chanson numéro {n}", id=f"w{n:02d}", price_cents=None if n % 4 == 0 else n * 100)
        for n in range(1, 26)
    ]
    await engine.upsert(batch)
    newest = await engine.search(SearchQuery(text="chanson", sort=Sort.NEWEST, page_size=50))
    assert ids(newest) == [f"w{n:02d}" for n in range(25, 0, -1)]
    assert newest.total == 25
    # Without words, relevance means newest.
    assert ids(await engine.search(SearchQuery(page_size=3))) == ["w25", "w24", "w23"]
    cheapest = await engine.search(SearchQuery(text="chanson", sort=Sort.PRICE_ASC, page_size=50))
    priced = [d.price_cents for d in cheapest.hits if d.price_cents is not None]
    assert priced == sorted(priced)
    assert all(d.price_cents is None for d in cheapest.hits[len(priced) :])  # unpriced last
    dearest = await engine.search(SearchQuery(text="chanson", sort=Sort.PRICE_DESC, page_size=50))
    assert [d.price_cents for d in dearest.hits][:3] == [2500, 2300, 2200]  # w24 has none
    assert all(d.price_cents is None for d in dearest.hits[-6:])
    assert dearest.stats["price_cents"] == (100, 2500)
    # Pages of every sort are disjoint and cover everything, in the same order as one page.
    for sort in Sort:
        one_page = ids(await engine.search(SearchQuery(text="chanson", sort=sort, page_size=50)))
        pages: list[str] = []
        for page in range(1, 4):
            query = SearchQuery(text="chanson", sort=sort, page=page, page_size=10)
            pages += ids(await engine.search(query))
        assert pages == one_page, sort
        assert len(set(pages)) == 25


async def test_suggest_completes_titles_and_creators(engine: SearchIndex) -> None:
    await engine.upsert(
        [
            document("Bèlè de la Lune", id="lune", creator="Josiane Moutoussamy"),
            document("Belladonna", id="bella", creator="Eugène"),
            document("Zouk toute la nuit", id="zouk", creator="Malavoi"),
        ]
    )
    assert {s.id for s in await engine.suggest("bel", 5)} == {"lune", "bella"}
    assert [s.id for s in await engine.suggest("bèlè de la l", 5)] == ["lune"]
    assert [s.id for s in await engine.suggest("moutou", 5)] == ["lune"]
    first = (await engine.suggest("zou", 5))[0]
    assert (first.id, first.title, first.creator_name) == ("zouk", "Zouk toute la nuit", "Malavoi")
    assert await engine.suggest("", 5) == []
    assert await engine.suggest("::", 5) == []
    assert len(await engine.suggest("b", 1)) <= 1


async def test_rebuild_swaps_without_a_gap(engine: SearchIndex) -> None:
    await engine.upsert([document("Ancien titre", id="old")])
    build = await engine.rebuild()
    await build.add([document("Nouveau titre", id="new")])
    await build.add([document("Nouveau titre bis", id="new2")])
    # Until the swap, searches answer from the live index.
    assert ids(await engine.search(SearchQuery(text="titre"))) == ["old"]
    await build.publish()
    assert sorted(ids(await engine.search(SearchQuery(text="titre")))) == ["new", "new2"]
    await engine.upsert([document("Après la reconstruction", id="after")])
    assert await engine.count() == 3
    discarded = await engine.rebuild()
    await discarded.add([document("Jamais publié", id="never")])
    await discarded.discard()
    assert await engine.get("never") is None
    assert await engine.count() == 3


async def test_ping_passes_on_a_healthy_engine_and_changes_nothing(engine: SearchIndex) -> None:
    await engine.ping()  # an empty engine is healthy
    await engine.upsert([document("Bèlè de la Lune", id="lune")])
    await engine.ping()
    await engine.ping()  # the readiness check calls it over and over
    assert await engine.count() == 1
    assert ids(await engine.search(SearchQuery(text="lune"))) == ["lune"]


@pytest.fixture(params=["tantivy", "meilisearch"])
def unusable_engine(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[SearchIndex, type[Exception]]]:
    """An engine that cannot work, and what its ping raises: the readiness check says so."""
    if request.param == "tantivy":
        blocked = tmp_path / "search"
        blocked.write_text("a file where the index folder should be")
        yield TantivyIndex(blocked), OSError
        return
    from meilisearch.errors import MeilisearchCommunicationError

    from search.meili_index import MeiliIndex

    # Nothing listens there: no Meilisearch server is needed to check this.
    yield (
        MeiliIndex(f"http://127.0.0.1:{free_port()}", None, uid="lakou_unreachable", timeout_s=2),
        MeilisearchCommunicationError,
    )


async def test_ping_raises_when_the_engine_cannot_be_used(
    unusable_engine: tuple[SearchIndex, type[Exception]],
) -> None:
    engine, error = unusable_engine
    with pytest.raises(error):
        await engine.ping()


async def test_tantivy_ping_fails_once_its_folder_is_gone(tmp_path: Path) -> None:
    root = tmp_path / "search"
    engine = TantivyIndex(root)
    await engine.upsert([document("Bèlè de la Lune", id="lune")])
    await engine.ping()
    # The volume under the index went away (unmounted, replaced): no longer ready.
    shutil.rmtree(root)
    root.write_text("not a folder")
    with pytest.raises(OSError, match="search"):
        await engine.ping()
    engine.close()


@pytest.fixture
def meili_health(request: pytest.FixtureRequest) -> Iterator[str]:
    """A stand-in answering only GET /health with the given status (`request.param`)."""
    body = json.dumps({"status": request.param}).encode()

    class Health(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/health" else 404)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("meili_health", ["available"], indirect=True)
async def test_meili_ping_passes_when_meilisearch_says_available(meili_health: str) -> None:
    from search.meili_index import MeiliIndex

    await MeiliIndex(meili_health, None, uid="lakou_health").ping()


@pytest.mark.parametrize("meili_health", ["degraded", "starting"], indirect=True)
async def test_meili_ping_fails_when_meilisearch_is_not_available(meili_health: str) -> None:
    from search.meili_index import MeiliIndex

    with pytest.raises(OSError, match="meilisearch is"):
        await MeiliIndex(meili_health, None, uid="lakou_health").ping()
