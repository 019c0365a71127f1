"""Who may call what: the expected answer of every route of the app, for every kind of caller.

`test_authorization_matrix.py` sends each row's request as each caller, in each state of the
resource the row names, and compares the answer with this table; it also fails when the app has
a route without a row here (or a row names a route the app no longer has).

The callers (one account each, built once per test module):

    anonymous      nobody signed in
    audience       an audience account, and the BUYER: it owns the paid and the pending order,
                   the cart item and the library entry
    owner          the creator owning the resource: creator profile, works, uploads and media,
                   offers, split sheet and its holders, the catalogue import
    other_creator  another creator, with a profile and a published work of their own
    partner        an audience account acting as the verified export partner it owns
    organiser      an audience account acting as the verified organiser it owns
    staff          staff (`lakou createuser`)

The states a row is checked in (which object fills the path parameters):

    draft / published   the owner's draft work / published, priced work with ready media
                        (bought by the audience account)
    withdrawn           the owner's work, published then withdrawn
    private             the owner's work, published with the visibility "private"
    open / sent         an upload begun on a draft work / with all its parts received
    ready               the published work's processed main media asset
    pending / paid      the buyer's order waiting for its payment / paid and fulfilled
    -                   the route's only state (no parameter, or one object in one state)

Answers: "ok" is any 2xx; "redirect" a 3xx elsewhere than the login page (a page form done);
"login" the 303 to /connexion a page gives a visitor who is not signed in; a number is that
exact status (401 not signed in, 403 refused, 404 not found — another person's private object is
hidden as not found where the code does that, 409 a state that forbids the action…).

A row may say `fresh=True`: the request changes its object (publish, delete, refund…), so
every caller gets objects (and tokens) of its own, made just before its request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

CALLERS = ("anonymous", "audience", "owner", "other_creator", "partner", "organiser", "staff")
SIGNED_IN_CALLERS = CALLERS[1:]
NO_STATE = "-"
STATES = (
    "draft",
    "published",
    "withdrawn",
    "private",
    "open",
    "sent",
    "ready",
    "pending",
    "paid",
    NO_STATE,
)

Answer = int | Literal["ok", "redirect", "login"]
Answers = Mapping[str, Answer]


def answers(default: Answer, **by_caller: Answer) -> dict[str, Answer]:
    """Every caller's answer: `default`, except the callers named."""
    unknown = set(by_caller) - set(CALLERS)
    if unknown:
        raise ValueError(f"unknown callers: {sorted(unknown)}")
    return {caller: by_caller.get(caller, default) for caller in CALLERS}


# The usual shapes.
PUBLIC = answers("ok")
SIGNED_IN = answers("ok", anonymous=401)
PAGE_SIGNED_IN = answers("ok", anonymous="login")
# Another person's private object: hidden as not found (401 first for anonymous callers).
OWNER_HIDDEN = answers(404, anonymous=401, owner="ok", staff="ok")
# The same on routes open to visitors: a draft is not found for anyone else.
OWNER_HIDDEN_OPEN = answers(404, owner="ok", staff="ok")
BUYER_HIDDEN = answers(404, anonymous=401, audience="ok", staff="ok")
# Visible to all, but only its owner (or staff) may change it: the others are refused.
OWNER_REFUSED = answers(403, anonymous=401, owner="ok", staff="ok")
STAFF_ONLY = answers(403, anonymous=401, staff="ok")
CREATORS_AND_STAFF = answers(403, anonymous=401, owner="ok", other_creator="ok", staff="ok")
# Creators and staff: organisers act through a verified organisation, which sells nothing yet.
SELLERS = CREATORS_AND_STAFF


@dataclass(frozen=True)
class Row:
    """One route: its expected answers by state and caller, and what its request carries.

    Values in `json`, `form` and `query` written "{name}" are filled from the world (the same
    names as path parameters, plus a few more: see `World.values`).
    """

    method: str
    path: str
    by_state: Mapping[str, Answers]
    owned_by: Literal["owner", "audience"] | None = None  # whose object the path names
    # Others who hold the same object in their own right (a licensee's copy of a bought work).
    also_held_by: tuple[str, ...] = ()
    json: Any = None
    form: Mapping[str, str] | None = None
    content: bytes | None = None
    query: Mapping[str, str] | None = None
    fresh: bool | tuple[str, ...] = False  # True: in every state; else in the states named
    prepare: Literal["cart"] | None = None  # "cart": the caller's cart gets an item first
    # The request ends the caller's other sessions and tokens: every account gets new ones.
    revokes_sessions: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    def fresh_in(self, state: str) -> bool:
        return self.fresh is True or (isinstance(self.fresh, tuple) and state in self.fresh)


def row(method: str, path: str, expect: Answers, **extra: Any) -> Row:
    """A row with one state."""
    return Row(method, path, {NO_STATE: expect}, **extra)


# Routes the matrix leaves out, each with its reason.
EXCLUDED_PREFIXES = {
    "/static/": "static files (scripts, styles, the vendored players): public, no data",
    "/api/docs": "the OpenAPI documentation, public by design",
    "/i18n/": "the page scripts' message catalogues: public, no data",
}
EXCLUDED_ROUTES = {
    ("GET", "/health"): "liveness probe: says 'ok', reads nothing",
    ("GET", "/ready"): "readiness probe for the orchestrator: no caller's data",
    ("GET", "/metrics"): "Prometheus metrics: nginx does not publish it (infra/deploy/nginx.conf)",
}
EXCLUDED_METHODS = {
    "OPTIONS": "litestar's automatic answer to every path (no handler code, no data)",
}

WORK_STATES = ("draft", "published", "withdrawn", "private")
# A work nobody else may see yet (or any more): not found for them.
HIDDEN_WHILE_PRIVATE = {
    "draft": OWNER_HIDDEN_OPEN,
    "withdrawn": OWNER_HIDDEN_OPEN,
    "private": OWNER_HIDDEN_OPEN,
}

# Embeds show what anyone may see, whoever asks.
EMBED_HIDDEN = {"draft": answers(404), "withdrawn": answers(404), "private": answers(404)}

ORGANISATION = "/api/organisations/{organisation_id:uuid}"
STAFF_ORGANISATION = "/api/staff/organisations/{organisation_id:uuid}"
ORGANISATION_BODY = {
    "kind": "association",
    "name": "Matrice",
    "address": {"country": "MQ", "commune_code": "97209"},
}
PDF_BYTES = b"%PDF-1.4\n% matrix\n%%EOF\n"
OWNER_ONLY_409 = answers(404, anonymous=401, owner=409, staff=409)
STAFF_ONLY_409 = answers(403, anonymous=401, staff=409)
OWNER_PAGE = answers(404, anonymous="login", owner="ok", staff="ok")
STAFF_PAGE = answers(403, anonymous="login", staff="ok")

WORK = "/api/works/{work_id:uuid}"
SCHEDULING_CALENDAR = "/api/scheduling/calendars/{calendar_id:uuid}"
SCHEDULING_RESOURCE = "/api/scheduling/resources/{resource_id:uuid}"
UPLOAD = "/api/uploads/{upload_id:uuid}"
ORDER = "/api/orders/{order_id:uuid}"
STUDIO_WORK = "/studio/oeuvres/{work_id:uuid}"

UPLOAD_BODY = {"kind": "audio", "filename": "matrix.flac", "size": 16}
WORK_FORM = {"title_fr": "Matrice", "discipline": "music", "visibility": "public"}
PAID_TEST_PAYMENT = {"client_secret": "{client_secret}", "outcome": "succeed"}

CALL = "/api/calls/{call_id:uuid}"
SUBMISSION = "/api/call-submissions/{submission_id:uuid}"
CALL_PAGE = "/appels/{call_id:uuid}"
CALL_BODY = {
    "titles": {"fr": "Appel de la matrice"},
    "opens_at": "2026-01-01T00:00:00+00:00",
    "closes_at": "2099-12-31T23:00:00+00:00",
    "eligibility": {"max_submissions": 50},
    "form": [{"key": "note", "kind": "short_text", "labels": {"fr": "Note"}}],
    "grid": [{"key": "quality", "labels": {"fr": "Qualité"}, "weight": 1, "scale": 5}],
}
# Calls of a scope no module claimed: staff manage them; a draft is hidden from the others.
CALL_MANAGERS = answers(403, anonymous=401, staff="ok")
CALL_MANAGERS_HIDDEN = answers(404, anonymous=401, staff="ok")
APPLICANT_ONLY = answers(404, anonymous=401, owner="ok")
REVIEWER_ONLY = answers(404, anonymous=401, other_creator="ok")

MODERATION_DECISION = "/api/moderation/decisions/{decision_id:uuid}"
STAFF_DECISION = "/api/staff/moderation/decisions/{decision_id:uuid}"
STAFF_PAGE_FORM = answers(403, anonymous="login", staff="redirect")

SCREENER = "/api/screeners/{screener_id:uuid}"
VIEWING = "/api/screeners/viewings/{viewing_token:str}"
INVITED_ONLY = answers(404, anonymous=401, audience="ok")
VIEWER_ONLY = answers(403, anonymous=401, audience="ok")

LICENSING_WORK = "/api/licensing/works/{work_id:uuid}"
LICENSING_MANDATE = {
    "medium": "svod",
    "territory": "north_america",
    "starts_on": "2030-01-01",
    "ends_on": "2031-12-31",
}
# Verified export partners (acting as their organisation) and staff.
PARTNERS_ONLY = answers(403, anonymous=401, partner="ok", staff="ok")
PARTNERS_HIDDEN = answers(403, anonymous=401, partner=404, staff="ok")

DEAL = "/api/licensing/deals/{deal_id:uuid}"
# A deal's two sides (staff stand for the rights side); hidden from everyone else.
DEAL_SIDES = answers(404, anonymous=401, partner="ok", owner="ok", staff="ok")
DEAL_RIGHTS_SIDE = answers(404, anonymous=401, partner=403, owner="ok", staff="ok")
DELIVERY_UPLOADS = DEAL + "/deliverables/{deliverable_id:uuid}/uploads"
DELIVERY_UPLOAD = DELIVERY_UPLOADS + "/{delivery_upload_id:uuid}"
SYNC_TIERS = "/api/licensing/sync/works/{work_id:uuid}/tiers"
SYNC_LICENCE = "/api/licensing/sync/licences/{licence_id:uuid}"
# A sync licence's buyer and seller (and staff); hidden from everyone else.
SYNC_SIDES = DEAL_SIDES

MARKET = "/api/markets/{market_id:uuid}"
MARKET_BODY = {
    "name": "Matrice",
    "descriptions": {"fr": "Un marché"},
    "sections": ["music"],
    "opens_at": "{market_opens_at}",
    "closes_at": "{market_closes_at}",
}
# The organiser's market: its team (the organiser) and staff; others are refused (it is public).
MARKET_TEAM = answers(403, anonymous=401, organiser="ok", staff="ok")
MARKET_TEAM_409 = answers(403, anonymous=401, organiser=409, staff=409)
MARKET_TEAM_422 = answers(403, anonymous=401, organiser=422, staff=422)
STAND_OWNER = answers(403, anonymous=401, owner="ok", staff="ok")
# A meeting at the owner's stand, booked: the stand's side may answer (409: answered already);
# its professional (the partner) does not find it to answer; the others are refused (public).
STAND_ROUND = "/api/stands/{stand_id:uuid}/round/wishes"
MARKET_TEAM_PAGE_422 = answers(403, anonymous="login", organiser=422, staff=422)
STAND_EDITOR_PAGE_REDIRECT = answers(403, anonymous="login", owner="redirect", staff="redirect")
MEETING_ANSWER = answers(403, anonymous=401, owner=409, partner=404, staff=409)
MEETING_ANSWER_PAGE = answers(403, anonymous="login", owner=409, partner=404, staff=409)
MARKET_PAGE = "/marches/{slug:str}"
# The programme: an accredited-only premiere, seen by the accredited partner, the team and staff.
PROGRAMME_SESSION = MARKET + "/sessions/{programme_session_id:uuid}"
PROGRAMME_PAGE = MARKET_PAGE + "/programme"
SESSION_PAGE = PROGRAMME_PAGE + "/{programme_session_id:uuid}"
ACCREDITED_ONLY = answers(404, partner="ok", organiser="ok", staff="ok")
ACCREDITED_ONLY_SIGNED_IN = answers(404, anonymous=401, partner="ok", organiser="ok", staff="ok")
# A session outside the market's window: the team's 422, the others' 403 (a public market).
SESSION_OUTSIDE = {
    "room_id": "{room_id}",
    "kind": "talk",
    "titles": {"fr": "Hors fenêtre"},
    "starts_at": "2099-03-28T09:00:00-04:00",
    "ends_at": "2099-03-28T10:00:00-04:00",
}
MARKET_ADMIN = "/marches/{market_id:uuid}/gestion"
STAND_EDITOR = "/marches/stands/{stand_id:uuid}/modifier"
STAND_EDITOR_PAGE = answers(403, anonymous="login", owner="ok", staff="ok")
CODE_BATCH = "/api/code-batches/{batch_id:uuid}"
CODE_BATCH_PAGE = "/marches/codes/lots/{batch_id:uuid}"
BATCH_EDITORS = answers(404, anonymous=401, owner="ok", staff="ok")

TABLE: tuple[Row, ...] = (
    # Identity ---------------------------------------------------------------------------------
    row(
        "POST",
        "/api/auth/signup",
        PUBLIC,
        json={"email": "{new_email}", "password": "{password}", "role": "audience"},
    ),
    row(
        "POST", "/api/auth/login", PUBLIC, json={"email": "{login_email}", "password": "{password}"}
    ),
    row("POST", "/api/auth/logout", SIGNED_IN, fresh=True),  # revokes the token: fresh ones
    row("GET", "/api/auth/me", SIGNED_IN),
    row("GET", "/connexion", PUBLIC),
    row(
        "POST",
        "/connexion",
        answers("redirect"),  # to `next`, signed in as the account whose password was given
        form={"email": "{login_email}", "password": "{password}", "next": "/"},
    ),
    row("POST", "/deconnexion", answers("redirect"), fresh=True),  # ends the session, if any
    row("GET", "/inscription", PUBLIC),
    row(
        "POST",
        "/inscription",
        PUBLIC,  # the login page with "check your e-mail": the same answer for a taken address
        form={"email": "{new_email}", "password": "{password}", "role": "audience"},
    ),
    # Accounts: address check, password reset, address change, language ----------------------
    # The links' tokens here are unknown: refused alike for everyone (the flows' own tests use
    # real links). Every account is unverified and has begun (not finished) TOTP enrolment.
    row("PUT", "/api/auth/me/language", SIGNED_IN, json={"language": "fr"}),
    row("POST", "/api/auth/verify-email", answers(404), json={"token": "unknown"}),
    row("POST", "/api/auth/verify-email/resend", SIGNED_IN),
    row("POST", "/api/auth/password-reset", PUBLIC, json={"email": "{login_email}"}),
    row(
        "POST",
        "/api/auth/password-reset/confirm",
        answers(404),
        json={"token": "unknown", "password": "{password}"},
    ),
    row(
        "POST",
        "/api/auth/email-change",
        SIGNED_IN,  # a link to the new address; the account moves only when it is used
        json={"password": "{password}", "new_email": "{new_email}"},
    ),
    row("POST", "/api/auth/email-change/confirm", answers(404), json={"token": "unknown"}),
    row("GET", "/mot-de-passe-oublie", PUBLIC),
    row("POST", "/mot-de-passe-oublie", PUBLIC, form={"email": "{login_email}"}),
    row("GET", "/compte/reinitialiser", answers(404), query={"token": "unknown"}),
    row(
        "POST",
        "/compte/reinitialiser",
        answers(404),
        form={"token": "unknown", "password": "{password}"},
    ),
    row("GET", "/compte/verifier", answers(404), query={"token": "unknown"}),
    row("GET", "/compte/adresse/confirmer", answers(404), query={"token": "unknown"}),
    row("POST", "/connexion/code", answers(404), form={"pending": "unknown", "code": "000000"}),
    # Accounts: sessions, tokens and the second factor -----------------------------------------
    row("GET", "/api/auth/sessions", SIGNED_IN),
    row(
        "DELETE",
        "/api/auth/sessions/{session_id:uuid}",
        answers(404, anonymous=401, owner="ok"),  # one's own only, staff included
        owned_by="owner",
        fresh=True,
    ),
    row("POST", "/api/auth/sessions/revoke-others", SIGNED_IN, fresh=True, revokes_sessions=True),
    row("POST", "/api/auth/totp/setup", SIGNED_IN),
    row("POST", "/api/auth/totp/enable", answers(401), json={"code": "000000"}),  # wrong code
    row(
        "POST",
        "/api/auth/totp/disable",
        answers(409, anonymous=401),  # nobody has it on
        json={"password": "{password}", "code": "000000"},
    ),
    row("GET", "/compte/securite", PAGE_SIGNED_IN),
    row("POST", "/compte/langue", answers("redirect", anonymous="login"), form={"language": "fr"}),
    row(
        "POST",
        "/compte/adresse",
        answers("redirect", anonymous="login"),
        form={"password": "{password}", "new_email": "{new_email}"},
    ),
    row("POST", "/compte/verification", answers("redirect", anonymous="login")),
    row(
        "POST",
        "/compte/sessions/{session_id:uuid}/revoquer",
        answers(404, anonymous="login", owner="redirect"),
        owned_by="owner",
        fresh=True,
    ),
    row(
        "POST",
        "/compte/sessions/revoquer-autres",
        answers("redirect", anonymous="login"),
        revokes_sessions=True,
    ),
    row("POST", "/compte/totp", answers("ok", anonymous="login")),  # the enrolment page
    row("POST", "/compte/totp/activer", answers(401, anonymous="login"), form={"code": "000000"}),
    row(
        "POST",
        "/compte/totp/desactiver",
        answers(409, anonymous="login"),
        form={"password": "{password}", "code": "000000"},
    ),
    # Notifications ----------------------------------------------------------------------------
    row("GET", "/api/notifications", SIGNED_IN),
    row("GET", "/api/notifications/unread", SIGNED_IN),
    row(
        "POST",
        "/api/notifications/{notification_id:uuid}/read",
        answers(404, anonymous=401, owner="ok"),  # one's own only, staff included
        owned_by="owner",
        fresh=True,
    ),
    row("POST", "/api/notifications/read", SIGNED_IN),
    row("GET", "/api/notifications/preferences", SIGNED_IN),
    row(
        "PUT",
        "/api/notifications/preferences/{kind:str}",
        SIGNED_IN,  # one's own choices: there is nobody else's to name
        json={"email": False, "in_app": True},
    ),
    row("GET", "/notifications", PAGE_SIGNED_IN),
    row("POST", "/notifications/lues", answers("redirect", anonymous="login")),
    row("GET", "/notifications/preferences", PAGE_SIGNED_IN),
    row(
        "POST",
        "/notifications/preferences",
        answers("redirect", anonymous="login"),
        form={"choice": "orders.sold:in_app"},
    ),
    # The signed token is the authority (mail clients post without a session): a token Lakou
    # did not sign unsubscribes nobody, whoever sends it.
    row("GET", "/desabonnement", answers(404), query={"token": "unknown"}),
    row("POST", "/desabonnement", answers(404), form={"token": "unknown"}),
    # Development only (404 in production or with an SMTP server): the folder mailbox's mail,
    # readable by whoever runs the development server, like a local MailHog.
    row("GET", "/dev/courrier", PUBLIC),
    row("GET", "/dev/courrier/{message_id:str}", answers(404)),
    # Catalogue --------------------------------------------------------------------------------
    row("POST", "/api/creators", CREATORS_AND_STAFF, json={"kind": "person", "name": "Matrice"}),
    row("GET", "/api/creators", PUBLIC),
    row("GET", "/api/creators/{creator_id:uuid}", PUBLIC),  # profiles are public
    row(
        "PATCH",
        "/api/creators/{creator_id:uuid}",
        OWNER_REFUSED,
        owned_by="owner",
        json={"commune": "Le Lorrain"},
    ),
    row(
        "POST",
        "/api/works",
        # Under the owner's profile: someone else's profile is not found for them.
        answers(404, anonymous=401, owner="ok", staff="ok"),
        json={"creator_id": "{creator_id}", "titles": {"fr": "Matrice"}, "discipline": "music"},
    ),
    row("GET", "/api/works", PUBLIC),  # published public works, plus the caller's own
    Row("GET", WORK, {**HIDDEN_WHILE_PRIVATE, "published": PUBLIC}, owned_by="owner"),
    Row(
        "PATCH",
        WORK,
        {
            "draft": OWNER_HIDDEN,
            "published": OWNER_REFUSED,
            "withdrawn": OWNER_HIDDEN,
            "private": OWNER_HIDDEN,
        },
        owned_by="owner",
        json={"year": 2001},
    ),
    Row(
        "POST",
        f"{WORK}/publish",
        {
            "draft": OWNER_HIDDEN,
            "published": OWNER_REFUSED,  # publishing again changes nothing: 200
            "withdrawn": OWNER_HIDDEN,  # published again
        },
        owned_by="owner",
        fresh=True,
    ),
    Row(
        "POST",
        f"{WORK}/withdraw",
        {
            "draft": answers(404, anonymous=401, owner=409, staff=409),  # never published
            "published": OWNER_REFUSED,
            "private": OWNER_HIDDEN,
        },
        owned_by="owner",
        fresh=True,
    ),
    Row(
        "GET",
        "/oeuvres/{work_id:uuid}",
        {**HIDDEN_WHILE_PRIVATE, "published": PUBLIC},
        owned_by="owner",
    ),
    # A work the visitor may not see gets the same generic drawing as an unknown id (discipline
    # and seed not the work's): a 200 that tells nothing. Hence no owned_by on this row.
    Row("GET", "/oeuvres/{work_id:uuid}/couverture", dict.fromkeys(WORK_STATES, PUBLIC)),
    row("GET", "/createurs/{creator_id:uuid}", PUBLIC),
    row("GET", "/", PUBLIC),
    row("GET", "/api/activity", SIGNED_IN),  # the caller's own works' activity (staff: all)
    # Media ------------------------------------------------------------------------------------
    Row(
        "POST",
        f"{WORK}/uploads",
        {"draft": OWNER_HIDDEN, "published": OWNER_HIDDEN},  # uploads hide even a public work
        owned_by="owner",
        json=UPLOAD_BODY,
        fresh=True,
    ),
    Row("GET", UPLOAD, {"open": OWNER_HIDDEN}, owned_by="owner"),
    Row("DELETE", UPLOAD, {"open": OWNER_HIDDEN}, owned_by="owner", fresh=True),
    Row(
        "PUT",
        f"{UPLOAD}/content",
        {"open": OWNER_HIDDEN},
        owned_by="owner",
        content=b"0123456789abcdef",
        fresh=True,
    ),
    Row(
        "PUT",
        f"{UPLOAD}/parts/{{number:int}}",
        {"open": OWNER_HIDDEN},
        owned_by="owner",
        content=b"0123456789abcdef",
        fresh=True,
    ),
    Row(
        "GET",
        f"{UPLOAD}/parts/{{number:int}}/url",
        # Presigned part URLs exist in S3 mode only; the suite stores files locally, so the
        # owner and staff get past the ownership check to a 409.
        {"open": answers(404, anonymous=401, owner=409, staff=409)},
        owned_by="owner",
    ),
    Row("POST", f"{UPLOAD}/complete", {"sent": OWNER_HIDDEN}, owned_by="owner", fresh=True),
    Row("GET", "/api/media/{asset_id:uuid}", {"ready": OWNER_HIDDEN}, owned_by="owner"),
    Row("GET", "/api/media/{asset_id:uuid}/events", {"ready": OWNER_HIDDEN}, owned_by="owner"),
    Row(
        "DELETE",
        "/api/media/{asset_id:uuid}",
        # Withdrawing a language version: the "ready" asset is a work's main media, which is
        # not one, so its owner and staff get past the ownership check to a 409.
        {"ready": answers(404, anonymous=401, owner=409, staff=409)},
        owned_by="owner",
    ),
    Row(
        "GET",
        "/api/media/works/{work_id:uuid}",
        {"draft": OWNER_HIDDEN, "published": OWNER_HIDDEN},
        owned_by="owner",
    ),
    Row(
        "GET",
        f"{WORK}/playback",
        # Previews for whoever sees the work; the full stream only for the entitled.
        {**HIDDEN_WHILE_PRIVATE, "published": PUBLIC},
        owned_by="owner",
    ),
    # The signed token is the capability (the player reports without an account): a fresh
    # preview token each (one open play per token), and a play opened on it for heartbeats.
    row("POST", "/api/plays", PUBLIC, json={"token": "{play_token}"}, fresh=True),
    row(
        "POST",
        "/api/plays/{play_id:uuid}/heartbeats",
        PUBLIC,
        json={"token": "{play_token}", "ranges": [[0, 1]]},
        fresh=True,
    ),
    row(
        "GET",
        "/media/{token:str}/{path:path}",
        # The buyer's full-stream link: a browser signed in as someone else cannot use it.
        answers(403, anonymous="ok", audience="ok"),
        owned_by="audience",
    ),
    Row(
        "GET",
        "/media/marked/{asset_id:uuid}/{rendition:str}/{name:str}",
        # A screener holder's marked copy: the signature is the capability, whoever asks.
        {"ready": answers(403)},
        query={"h": "matrix-holder", "e": "1", "s": "forged"},
    ),
    Row(
        "GET",
        "/media/marked/{asset_id:uuid}/versions/{track_id:uuid}/{name:str}",
        # A film's language version under a screener holder's links: the same capability.
        {"ready": answers(403)},
        query={"h": "matrix-holder", "e": "1", "s": "forged"},
    ),
    # Catalogue imports ------------------------------------------------------------------------
    row(
        "POST",
        "/api/imports",
        # Into the owner's profile: someone else's profile is not found for them.
        answers(404, anonymous=401, owner="ok", staff="ok"),
        json={
            "creator_id": "{creator_id}",
            "format": "csv",
            "manifest": "file,kind,discipline,title_fr\na.flac,audio,music,Matrice\n",
            "files": {"a.flac": 16},
        },
    ),
    row("GET", "/api/imports/{import_id:uuid}", OWNER_HIDDEN, owned_by="owner"),
    # Offers -----------------------------------------------------------------------------------
    Row(
        "GET",
        f"{WORK}/offers",
        {**HIDDEN_WHILE_PRIVATE, "published": PUBLIC},
        owned_by="owner",
    ),
    Row(
        "PUT",
        f"{WORK}/offer",
        {"draft": OWNER_HIDDEN, "published": OWNER_REFUSED, "private": OWNER_HIDDEN},
        owned_by="owner",
        json={"pricing": "fixed", "price_cents": 900},
        fresh=True,
    ),
    Row(
        "DELETE",
        f"{WORK}/offer",
        {"published": OWNER_REFUSED},
        owned_by="owner",
        fresh=True,
    ),
    Row(
        "POST",
        "/api/offers/bundles",
        # The owner's published works: someone else's works are refused.
        {"published": answers(403, anonymous=401, owner="ok", staff="ok")},
        json={
            "title": "Matrice",
            "work_ids": ["{work_id}", "{second_work_id}"],
            "pricing": "fixed",
            "price_cents": 1500,
        },
    ),
    row("GET", "/api/offers/mine", SIGNED_IN),
    row("DELETE", "/api/offers/{offer_id:uuid}", OWNER_HIDDEN, owned_by="owner", fresh=True),
    row(
        "POST",
        "/api/discount-codes",
        SELLERS,
        json={"code": "MATRICE{n}", "kind": "percent", "value": 1000},
        fresh=True,  # a code per seller and per request
    ),
    row("GET", "/api/discount-codes", SIGNED_IN),
    # Signed by Stripe, not by an account: without the signature nobody is heard.
    row("POST", "/api/payments/webhooks/stripe", answers(400), json={"type": "ping"}),
    # Cart, checkout, orders, library ----------------------------------------------------------
    row("POST", "/api/cart/items", SIGNED_IN, json={"offer_id": "{shop_offer_id}"}),
    row(
        "DELETE",
        "/api/cart/items/{item_id:uuid}",
        answers(404, anonymous=401, audience="ok"),  # a cart is its buyer's only
        owned_by="audience",
        fresh=True,
    ),
    row("GET", "/api/cart", SIGNED_IN),
    row("POST", "/api/checkout", SIGNED_IN, json={"country": "MQ"}, prepare="cart"),
    row("GET", "/api/orders", SIGNED_IN),
    Row("GET", ORDER, {"pending": BUYER_HIDDEN, "paid": BUYER_HIDDEN}, owned_by="audience"),
    Row(
        "POST",
        f"{ORDER}/payment",
        # Staff read any order but only its buyer pays (resume): 404 for staff too.
        {
            "pending": answers(404, anonymous=401, audience="ok"),
            "paid": answers(404, anonymous=401, audience="ok"),  # the payment as it is
        },
        owned_by="audience",
        fresh=("pending",),
    ),
    Row(
        "POST",
        f"{ORDER}/test-payment",
        # Given the payment's client secret. The buyer's act, as /payment and /commande are.
        {"pending": answers(404, anonymous=401, audience="ok")},
        owned_by="audience",
        json=PAID_TEST_PAYMENT,
        # Staff too get 404: found by this table (staff could settle another person's test
        # payment), fixed by CheckoutService.own_order.
        fresh=True,
    ),
    Row(
        "POST",
        f"{ORDER}/refunds",
        {
            "paid": STAFF_ONLY,  # one cent: the order stays paid for the other rows
            "pending": answers(403, anonymous=401, staff=409),  # nothing paid to refund
        },
        owned_by="audience",
        json={"amount_cents": 1},
    ),
    Row(
        "GET",
        f"{ORDER}/documents",
        # The receipt and credit notes: the buyer's and staff's; none before payment.
        {"paid": BUYER_HIDDEN, "pending": answers(404, anonymous=401)},
        owned_by="audience",
    ),
    Row(
        "GET",
        f"{ORDER}/documents/{{document_number:str}}",
        {"paid": BUYER_HIDDEN, "pending": answers(404, anonymous=401)},
        owned_by="audience",
    ),
    Row(
        "GET",
        f"{ORDER}/receipt.pdf",
        # The buyer's and staff's; a pending order has no receipt yet: not found for anyone.
        {"paid": BUYER_HIDDEN, "pending": answers(404, anonymous=401)},
        owned_by="audience",
    ),
    Row(
        "POST",
        "/api/library/{work_id:uuid}/downloads",
        # Bought by the audience; the partner licensed the same work and paid by bank transfer
        # (the licensing world), which puts it in their library too.
        {"published": answers(404, anonymous=401, audience="ok", partner="ok")},
        owned_by="audience",
        also_held_by=("partner",),
        json={"format": "{download_format}"},
    ),
    row("GET", "/api/library", SIGNED_IN),
    row("GET", "/panier", PAGE_SIGNED_IN),
    row("GET", "/bibliotheque", PAGE_SIGNED_IN),
    Row(
        "GET",
        "/commande/{order_id:uuid}",
        # The buyer's page only: staff read orders through the API.
        {
            "pending": answers(404, anonymous="login", audience="ok"),
            "paid": answers(404, anonymous="login", audience="ok"),
        },
        owned_by="audience",
    ),
    Row(
        "GET",
        "/commande/{order_id:uuid}/recu.pdf",
        # The receipt for a browser: the buyer's and staff's; none before it is issued.
        {
            "paid": answers(404, anonymous="login", audience="ok", staff="ok"),
            "pending": answers(404, anonymous="login"),
        },
        owned_by="audience",
    ),
    # The staff back office: orders and refunds ----------------------------------------------
    row("GET", "/staff/commandes", STAFF_PAGE),
    Row(
        "GET",
        "/staff/commandes/{order_id:uuid}",
        {"pending": STAFF_PAGE, "paid": STAFF_PAGE},
        owned_by="audience",
    ),
    Row(
        "GET",
        "/staff/commandes/{order_id:uuid}/documents/{document_number:str}",
        # A pending order has no documents: not found, for staff too.
        {"paid": STAFF_PAGE, "pending": answers(403, anonymous="login", staff=404)},
        owned_by="audience",
    ),
    Row(
        "POST",
        "/staff/commandes/{order_id:uuid}/remboursement",
        {
            "paid": STAFF_PAGE_FORM,  # one cent: the order stays paid for the other rows
            "pending": answers(403, anonymous="login", staff=409),  # nothing paid to refund
        },
        owned_by="audience",
        form={"amount": "0,01", "reason": "Matrice"},
    ),
    # Revenue ----------------------------------------------------------------------------------
    Row(
        "GET",
        f"{WORK}/splits",
        {"draft": OWNER_HIDDEN, "published": OWNER_REFUSED, "private": OWNER_HIDDEN},
        owned_by="owner",
    ),
    Row(
        "PUT",
        f"{WORK}/splits",
        {"draft": OWNER_HIDDEN, "published": OWNER_REFUSED},
        owned_by="owner",
        json={"holders": [{"name": "Man Ya", "role": "author", "share_bp": 10000}]},
        fresh=True,
    ),
    row("POST", "/api/revenue/payout-runs", STAFF_ONLY, json={}),
    row(
        "GET",
        "/api/revenue/payout-runs/{run_id:uuid}",
        answers(404, anonymous=401, staff="ok"),  # staff's runs: not found for anyone else
    ),
    row(
        "GET",
        "/api/revenue/holders/{holder_id:uuid}/statement.csv",
        OWNER_HIDDEN,  # a holder on the owner's split sheet
        owned_by="owner",
    ),
    row("GET", "/api/revenue/summary", SIGNED_IN),  # the caller's own works
    # The staff back office: payout runs and statements
    row("GET", "/staff/versements", STAFF_PAGE),
    row("POST", "/staff/versements", STAFF_PAGE_FORM, form={}),
    row("GET", "/staff/versements/{run_id:uuid}", STAFF_PAGE),
    row(
        "GET",
        "/staff/versements/ayants-droit/{holder_id:uuid}/releve.csv",
        STAFF_PAGE,  # the owner reads it through the API; the page route is staff's
        owned_by="owner",
    ),
    # A rights holder's own page: only their own holders, statements and payouts.
    row("GET", "/revenus", PAGE_SIGNED_IN),  # the caller's own (empty for most)
    row(
        "POST",
        "/revenus/etre-paye",
        # Nobody here is named on a sheet by their account: nothing to be paid, no account made.
        answers(404, anonymous="login"),
        form={"country": "FR"},
    ),
    # Nobody here has an onboarded Connect account: no dashboard to open.
    row("POST", "/revenus/connect/tableau-de-bord", answers(404, anonymous="login"), form={}),
    row("GET", "/revenus/connect/retour", answers("redirect", anonymous="login")),
    row("GET", "/revenus/connect/nouveau-lien", answers("redirect", anonymous="login")),
    row(
        "GET",
        "/revenus/releves/{holder_id:uuid}/releve.csv",
        OWNER_PAGE,  # the owner manages this holder; anyone else: not found
        owned_by="owner",
    ),
    # Stripe's Connect notifications: a signature or nothing (none is configured here).
    row("POST", "/api/revenue/connect/webhook", answers(400), json={"type": "ping"}),
    # Studio -----------------------------------------------------------------------------------
    row(
        "GET",
        "/studio",
        answers(403, anonymous="login", owner="ok", other_creator="ok", staff="ok"),
    ),
    row(
        "POST",
        "/studio/profil",
        answers(
            403, anonymous="login", owner="redirect", other_creator="redirect", staff="redirect"
        ),
        form={"kind": "person", "name": "Matrice"},
    ),
    row(
        "GET",
        "/studio/oeuvres/nouvelle",
        # Without a creator profile: back to /studio to make one (staff has one in the world).
        answers("redirect", anonymous="login", owner="ok", other_creator="ok", staff="ok"),
    ),
    row(
        "POST",
        "/studio/oeuvres/nouvelle",
        answers(404, anonymous="login", owner="redirect", staff="redirect"),
        form={"creator_id": "{creator_id}", **WORK_FORM},
    ),
    Row(
        "GET",
        STUDIO_WORK,
        # Other people's works are the 404 page, published or not.
        dict.fromkeys(WORK_STATES, answers(404, anonymous="login", owner="ok", staff="ok")),
        owned_by="owner",
    ),
    Row(
        "POST",
        STUDIO_WORK,
        {
            "draft": answers(404, anonymous="login", owner="redirect", staff="redirect"),
            "published": answers(404, anonymous="login", owner="redirect", staff="redirect"),
        },
        owned_by="owner",
        form=WORK_FORM,
    ),
    Row(
        "POST",
        f"{STUDIO_WORK}/publier",
        {"draft": answers(404, anonymous="login", owner="redirect", staff="redirect")},
        owned_by="owner",
        fresh=True,
    ),
    Row(
        "POST",
        f"{STUDIO_WORK}/retirer",
        {"published": answers(404, anonymous="login", owner="redirect", staff="redirect")},
        owned_by="owner",
        fresh=True,
    ),
    row("GET", "/api/studio/stats", SIGNED_IN),  # the caller's own works
    row("GET", "/api/studio/analytics", SIGNED_IN),  # the caller's own works
    Row(
        "GET",
        "/api/studio/works/{work_id:uuid}/analytics",
        {"draft": OWNER_HIDDEN, "published": OWNER_HIDDEN},
        owned_by="owner",
    ),
    row(
        "GET",
        "/studio/statistiques",
        answers(403, anonymous="login", owner="ok", other_creator="ok", staff="ok"),
    ),
    Row(
        "GET",
        f"{STUDIO_WORK}/statistiques",
        # Another creator's work: the 404 page, as its studio page.
        dict.fromkeys(WORK_STATES, answers(404, anonymous="login", owner="ok", staff="ok")),
        owned_by="owner",
    ),
    # Audit log ---------------------------------------------------------------------------------
    row("GET", "/api/staff/audit", STAFF_ONLY),
    row("GET", "/api/staff/audit.csv", STAFF_ONLY),
    row("GET", "/staff/journal", answers(403, anonymous="login", staff="ok")),  # 403: its page
    # Organisations: the owner's own (unverified, without a legal identity, one document) -------
    row("POST", "/api/organisations", SIGNED_IN, json=ORGANISATION_BODY),
    row("GET", "/api/organisations", SIGNED_IN),  # the caller's own
    row("GET", ORGANISATION, OWNER_HIDDEN, owned_by="owner"),  # staff see every one
    row("PATCH", ORGANISATION, OWNER_HIDDEN, owned_by="owner", json=ORGANISATION_BODY),
    row(
        "POST",
        ORGANISATION + "/documents",
        OWNER_HIDDEN,
        owned_by="owner",
        content=PDF_BYTES,
        query={"filename": "kbis.pdf"},
    ),  # the same file again is the document already kept
    row("GET", ORGANISATION + "/documents", OWNER_HIDDEN, owned_by="owner"),
    # 409: no legal identity to verify yet.
    row("POST", ORGANISATION + "/verification-request", OWNER_ONLY_409, owned_by="owner"),
    row("GET", ORGANISATION + "/members", OWNER_HIDDEN, owned_by="owner"),
    row(
        "POST",
        ORGANISATION + "/invitations",
        OWNER_HIDDEN,
        owned_by="owner",
        json={"email": "{new_email}"},
    ),
    row(
        "PUT",
        ORGANISATION + "/members/{user_id:uuid}",
        OWNER_HIDDEN,
        owned_by="owner",
        json={"role": "owner"},
    ),  # the owner stays owner
    # 409: the last owner cannot leave.
    row("DELETE", ORGANISATION + "/members/{user_id:uuid}", OWNER_ONLY_409, owned_by="owner"),
    row(
        "POST",
        "/api/organisations/invitations/accept",
        answers(404, anonymous=401),
        json={"token": "lki_unknown"},
    ),
    row("GET", "/api/staff/organisations", STAFF_ONLY),
    row("GET", STAFF_ORGANISATION, STAFF_ONLY),
    row("GET", STAFF_ORGANISATION + "/documents/{document_id:uuid}", STAFF_ONLY),
    # 409 for staff: the organisation has not asked for verification.
    row("POST", STAFF_ORGANISATION + "/verify", STAFF_ONLY_409),
    row("POST", STAFF_ORGANISATION + "/refuse", STAFF_ONLY_409, json={"reason": "Illisible"}),
    row("POST", STAFF_ORGANISATION + "/suspend", STAFF_ONLY_409, json={"reason": "Contrôle"}),
    row("POST", STAFF_ORGANISATION + "/reinstate", STAFF_ONLY_409),
    row("GET", "/organisations", PAGE_SIGNED_IN),
    row("POST", "/organisations/agir", answers("redirect", anonymous="login"), form={}),
    row("GET", "/organisations/nouvelle", PAGE_SIGNED_IN),
    row(
        "POST",
        "/organisations/nouvelle",
        answers("redirect", anonymous="login"),
        form={"name": "Matrice {n}", "kind": "association", "commune_code": "97209"},
    ),
    row("GET", "/organisations/{organisation_id:uuid}", OWNER_PAGE, owned_by="owner"),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/invitations",
        OWNER_PAGE,
        owned_by="owner",
        form={"email": "{new_email}"},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/membres/{user_id:uuid}/role",
        answers(404, anonymous="login", owner="redirect", staff="redirect"),
        owned_by="owner",
        form={"role": "owner"},
    ),  # the owner stays owner
    # 409, on the organisation's page: the last owner cannot leave.
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/membres/{user_id:uuid}/retirer",
        answers(404, anonymous="login", owner=409, staff=409),
        owned_by="owner",
        form={},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/verification",
        answers(404, anonymous="login", owner=409, staff=409),
        owned_by="owner",
        form={},
    ),  # 409: no legal identity yet
    # An unknown invitation (the world's "token" is a media token, not an invitation's).
    row("GET", "/invitations/{token:str}", answers(404, anonymous="login")),
    row("POST", "/invitations/{token:str}", answers(404, anonymous="login"), form={}),
    row("GET", "/staff/organisations", STAFF_PAGE),
    row("GET", "/staff/organisations/{organisation_id:uuid}", STAFF_PAGE),
    row(
        "GET",
        "/staff/organisations/{organisation_id:uuid}/documents/{document_id:uuid}",
        STAFF_PAGE,
    ),
    row(
        "POST",
        "/staff/organisations/{organisation_id:uuid}/{decision:str}",
        answers(403, anonymous="login", staff=409),
        form={},
    ),  # "verifier": 409, nothing was asked
    # API keys: the owner's organisation is unverified (409 to make or rotate one); staff list
    # and revoke, never make or rotate (403). The key is the partner organisation's: reached
    # through another organisation's path it is not found, for its owner and staff alike.
    row("GET", ORGANISATION + "/api-keys", OWNER_HIDDEN, owned_by="owner"),
    row(
        "POST",
        ORGANISATION + "/api-keys",
        answers(404, anonymous=401, owner=409, staff=403),
        owned_by="owner",
        json={"name": "Matrice", "scopes": ["catalogue:read"]},
    ),
    row(
        "POST",
        ORGANISATION + "/api-keys/{key_id:uuid}/rotate",
        answers(404, anonymous=401, owner=409, staff=403),
        owned_by="owner",
        json={},
    ),
    row(
        "POST",
        ORGANISATION + "/api-keys/{key_id:uuid}/revoke",
        answers(404, anonymous=401),
        owned_by="owner",
    ),
    row("GET", "/organisations/{organisation_id:uuid}/cles-api", OWNER_PAGE, owned_by="owner"),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/cles-api",
        answers(404, anonymous="login", owner=409, staff=403),
        owned_by="owner",
        form={"name": "Matrice", "scopes": "catalogue:read"},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/cles-api/{key_id:uuid}/rotation",
        answers(404, anonymous="login", owner=409, staff=403),
        owned_by="owner",
        form={},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/cles-api/{key_id:uuid}/revocation",
        answers(404, anonymous="login"),
        owned_by="owner",
        form={},
    ),
    # The webhooks pages: its owners and admins only (staff, not members, 403). The owner's
    # organisation is unverified (no endpoint made: 403) and the world's endpoint id names
    # nothing (404); tests/e2e/test_webhook_pages.py goes through them with a real endpoint.
    row(
        "GET",
        "/organisations/{organisation_id:uuid}/webhooks",
        answers(404, anonymous="login", owner="ok", staff=403),
        owned_by="owner",
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/webhooks",
        answers(404, anonymous="login", owner=403, staff=403),
        owned_by="owner",
        form={"url": "https://hooks.partner.test/lakou", "event_types": "market.opened"},
    ),
    row(
        "GET",
        "/organisations/{organisation_id:uuid}/webhooks/{endpoint_id:uuid}",
        answers(404, anonymous="login", staff=403),
        owned_by="owner",
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/webhooks/{endpoint_id:uuid}/secret",
        answers(404, anonymous="login", staff=403),
        owned_by="owner",
        form={},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/webhooks/{endpoint_id:uuid}/desactivation",
        answers(404, anonymous="login", staff=403),
        owned_by="owner",
        form={},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/webhooks/{endpoint_id:uuid}/activation",
        answers(404, anonymous="login", staff=403),
        owned_by="owner",
        form={},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/webhooks/{endpoint_id:uuid}/envois/{delivery_id:uuid}/renvoi",
        answers(404, anonymous="login", staff=403),
        owned_by="owner",
        form={},
    ),
    # The saved-searches page: every member reads it, staff who are not members and anyone
    # else get 404. The owner's organisation is no verified export partner (saving: 403) and
    # the world's saved search id names nothing (404); tests/e2e/test_saved_search_pages.py
    # goes through them with real searches, a viewer and another organisation.
    row(
        "GET",
        "/organisations/{organisation_id:uuid}/recherches",
        answers(404, anonymous="login", owner="ok"),
        owned_by="owner",
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/recherches",
        answers(404, anonymous="login", owner=403),
        owned_by="owner",
        form={"name": "Films", "q": "film"},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/recherches/{saved_search_id:uuid}/nom",
        answers(404, anonymous="login"),
        owned_by="owner",
        form={"name": "Films"},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/recherches/{saved_search_id:uuid}/alertes",
        answers(404, anonymous="login"),
        owned_by="owner",
        form={"notify_members": "on"},
    ),
    row(
        "POST",
        "/organisations/{organisation_id:uuid}/recherches/{saved_search_id:uuid}/suppression",
        answers(404, anonymous="login"),
        owned_by="owner",
        form={},
    ),
    # The partner API takes an organisation's key only: people's tokens and sessions are
    # refused (tests/e2e/test_api_keys.py calls it with keys).
    row("GET", "/api/partner/v1/key", answers(401)),
    row("GET", "/api/partner/v1/works", answers(401)),
    row("GET", "/api/partner/v1/works/export.csv", answers(401)),
    row("GET", "/api/partner/v1/works/export.json", answers(401)),
    row("GET", "/api/partner/v1/markets", answers(401)),
    row(
        "POST",
        "/api/partner/v1/webhooks",
        answers(401),
        json={"url": "https://hooks.partner.test/lakou", "event_types": ["market.opened"]},
    ),
    row("GET", "/api/partner/v1/webhooks", answers(401)),
    row("GET", "/api/partner/v1/webhooks/event-types", answers(401)),
    row("GET", "/api/partner/v1/webhooks/{endpoint_id:uuid}", answers(401)),
    row("DELETE", "/api/partner/v1/webhooks/{endpoint_id:uuid}", answers(401)),
    row("POST", "/api/partner/v1/webhooks/{endpoint_id:uuid}/rotate-secret", answers(401)),
    row("POST", "/api/partner/v1/webhooks/{endpoint_id:uuid}/enable", answers(401)),
    row("POST", "/api/partner/v1/webhooks/{endpoint_id:uuid}/disable", answers(401)),
    row("GET", "/api/partner/v1/webhooks/{endpoint_id:uuid}/deliveries", answers(401)),
    row(
        "POST",
        "/api/partner/v1/webhooks/{endpoint_id:uuid}/deliveries/{delivery_id:uuid}/redeliver",
        answers(401),
    ),
    # Saved searches (tests/e2e/test_saved_searches.py calls them with keys).
    row("POST", "/api/partner/v1/saved-searches", answers(401), json={"name": "Films"}),
    row("GET", "/api/partner/v1/saved-searches", answers(401)),
    row("GET", "/api/partner/v1/saved-searches/{saved_search_id:uuid}", answers(401)),
    row("GET", "/api/partner/v1/saved-searches/{saved_search_id:uuid}/matches", answers(401)),
    row("DELETE", "/api/partner/v1/saved-searches/{saved_search_id:uuid}", answers(401)),
    row(
        "PATCH",
        "/api/partner/v1/saved-searches/{saved_search_id:uuid}",
        answers(401),
        json={"notify_members": False},
    ),
    # Catalogue exports built by the worker (tests/e2e/test_partner_export_jobs.py).
    row("POST", "/api/partner/v1/works/exports", answers(401), json={"format": "csv"}),
    row("POST", "/api/partner/v1/avails/exports", answers(401), json={"territory": "CA"}),
    row("GET", "/api/partner/v1/exports", answers(401)),
    row("GET", "/api/partner/v1/exports/{export_id:uuid}", answers(401)),
    # The signed link is the credential: without a valid one, nobody finds the export.
    row("GET", "/api/partner/v1/exports/{export_id:uuid}/download", answers(404)),
    # Availability and licence requests (tests/e2e/test_partner_avails_licences.py).
    Row(
        "GET",
        "/api/partner/v1/avails/works/{work_id:uuid}",
        {"draft": answers(401), "published": answers(401)},
    ),
    row("GET", "/api/partner/v1/avails/export.xlsx", answers(401), query={"territory": "CA"}),
    row(
        "POST",
        "/api/partner/v1/avails/search",
        answers(401),
        json={"territory": "CA", "medium": "svod", "starts_on": "2027-01-01"},
    ),
    row(
        "POST",
        "/api/partner/v1/licences",
        answers(401),
        json={
            "work_id": "00000000-0000-7000-8000-000000000004",
            "medium": "svod",
            "territory": "CA",
            "starts_on": "2027-01-01",
        },
    ),
    row("GET", "/api/partner/v1/licences/{deal_id:uuid}", answers(401)),
    # Personal data ----------------------------------------------------------------------------
    row("POST", "/api/privacy/export", SIGNED_IN),
    row("GET", "/api/privacy/exports", SIGNED_IN),
    # Without the link's signature nobody downloads, the owner included (the e2e tests use it).
    row("GET", "/api/privacy/exports/{export_id:uuid}/download", answers(404, anonymous=401)),
    # A wrong password: nobody's account goes (the e2e tests delete with the right one).
    row("DELETE", "/api/privacy/account", answers(403, anonymous=401), json={"password": "no"}),
    row("GET", "/compte/donnees", PAGE_SIGNED_IN),
    row("POST", "/compte/donnees/archive", answers("redirect", anonymous="login"), form={}),
    row("GET", "/compte/donnees/archives/{export_id:uuid}", answers(404, anonymous="login")),
    row("GET", "/compte/donnees/supprimer", PAGE_SIGNED_IN),
    row(
        "POST",
        "/compte/donnees/supprimer",
        answers(403, anonymous="login"),
        form={"password": "no", "confirm": "yes"},
    ),
    row("GET", "/confidentialite", PUBLIC),
    # Scheduling -------------------------------------------------------------------------------
    # Managers of a scope open calendars (staff by default: no module manages "matrix" scopes).
    row(
        "POST",
        "/api/scheduling/calendars",
        STAFF_ONLY,
        json={"scope_kind": "matrix", "scope_id": "{calendar_id}", "name": "Matrice"},
    ),
    row("GET", SCHEDULING_CALENDAR, SIGNED_IN),  # tables and rooms; people's calendars stay out
    row(
        "POST",
        SCHEDULING_CALENDAR + "/resources",
        STAFF_ONLY,
        json={"kind": "table", "name": "Matrice"},
    ),
    row(
        "POST",
        SCHEDULING_CALENDAR + "/windows",
        STAFF_ONLY,
        json={"day": "2099-01-01", "starts": "09:00", "ends": "12:00"},
    ),
    row("GET", SCHEDULING_RESOURCE + "/slots", SIGNED_IN),
    # A room seating many: every caller books a seat of the same slot for themself.
    row("POST", SCHEDULING_RESOURCE + "/bookings", SIGNED_IN, json={"slot_start": "{slot_start}"}),
    row(
        "POST",
        SCHEDULING_RESOURCE + "/waiting-list",
        answers(409, anonymous=401),  # seats are left: book instead
        json={"slot_start": "{slot_start}"},
    ),
    row(
        "DELETE",
        "/api/scheduling/bookings/{booking_id:uuid}",
        answers(404, anonymous=401, owner="ok"),  # one's own only, staff included
        owned_by="owner",
    ),
    row("GET", "/api/scheduling/agenda", SIGNED_IN),  # the caller's own
    row("GET", "/api/scheduling/agenda/feed", SIGNED_IN),
    row("POST", "/api/scheduling/agenda/feed/rotate", SIGNED_IN),
    # The secret URL is the authority (calendar apps fetch without a session): a wrong token
    # opens nobody's agenda, whoever asks.
    row("GET", "/api/scheduling/feeds/{person_id:uuid}/{feed_token:str}", answers(404)),
    row("GET", "/agenda", PAGE_SIGNED_IN),
    # Calls: staff manage the platform's calls; "draft" names a draft call and the owner's draft
    # submission, "open" the open call (the other creator reviews it), "sent" the owner's sent
    # submission ---------------------------------------------------------------------------------
    row("GET", "/api/calls", PUBLIC),
    Row("GET", CALL, {"draft": answers(404, staff="ok"), "open": PUBLIC}),
    row("POST", "/api/calls", CALL_MANAGERS, json=CALL_BODY),
    Row(
        "PATCH",
        CALL,
        {"draft": CALL_MANAGERS_HIDDEN, "open": CALL_MANAGERS},
        json=CALL_BODY,
    ),  # the open call's own settings again: nothing but its texts may change
    Row("POST", CALL + "/open", {"draft": CALL_MANAGERS_HIDDEN}, fresh=True),
    Row("POST", CALL + "/close", {"open": CALL_MANAGERS}, fresh=True),
    Row("GET", CALL + "/reviewers", {"open": CALL_MANAGERS}),
    Row("POST", CALL + "/reviewers", {"open": CALL_MANAGERS}, json={"email": "{reviewer_email}"}),
    Row("GET", CALL + "/submissions", {"open": CALL_MANAGERS}),
    Row(
        "POST",
        CALL + "/decisions",
        {"open": answers(403, anonymous=401, staff=409)},  # 409: before the deadline
        json={"decisions": [{"submission_id": "{submission_id}", "decision": "accepted"}]},
    ),
    Row("POST", CALL + "/submissions", {"open": SIGNED_IN}, json={"answers": {"note": "Hop"}}),
    row("GET", "/api/call-submissions", SIGNED_IN),  # the caller's own
    Row("GET", SUBMISSION, {"draft": APPLICANT_ONLY, "sent": APPLICANT_ONLY}, owned_by="owner"),
    Row(
        "PUT",
        SUBMISSION,
        {"draft": APPLICANT_ONLY, "sent": answers(404, anonymous=401, owner=409)},
        owned_by="owner",
        json={"answers": {"note": "Autre"}},
    ),
    Row("POST", SUBMISSION + "/submit", {"draft": APPLICANT_ONLY}, owned_by="owner", fresh=True),
    Row(
        "GET",
        SUBMISSION + "/fee",
        {"draft": APPLICANT_ONLY, "sent": APPLICANT_ONLY},
        owned_by="owner",
    ),
    Row(
        "POST",
        CALL + "/fee-waivers",
        {"open": answers(403, anonymous=401, staff=409)},  # 409: the call has no fee to waive
        json={"email": "{reviewer_email}", "note": "Exonéré"},
    ),
    Row(
        "GET",
        "/appels/candidatures/{submission_id:uuid}",
        {
            "draft": answers(404, anonymous="login", owner="ok"),
            "sent": answers(404, anonymous="login", owner="ok"),
        },
        owned_by="owner",
    ),
    Row(
        "POST",
        "/appels/candidatures/{submission_id:uuid}/envoi",
        {"draft": answers(404, anonymous="login", owner="redirect")},
        owned_by="owner",
        form={},
        fresh=True,
    ),
    Row(
        "POST",
        SUBMISSION + "/files",
        {"draft": APPLICANT_ONLY},
        owned_by="owner",
        content=PDF_BYTES,
        query={"filename": "fiche.pdf"},
        fresh=True,
    ),
    # The reviewer alone (the applicant and staff are not reviewers of the open call).
    Row("POST", SUBMISSION + "/conflict", {"sent": REVIEWER_ONLY}, json={}, fresh=True),
    Row("PUT", SUBMISSION + "/score", {"sent": REVIEWER_ONLY}, json={"marks": {"quality": 3}}),
    row("GET", "/api/call-reviews", SIGNED_IN),  # the caller's own assignments
    row("GET", "/appels", PUBLIC),
    row("GET", "/appels/candidatures", PAGE_SIGNED_IN),  # the caller's own
    Row("GET", CALL_PAGE, {"draft": answers(404, staff="ok"), "open": PUBLIC}),
    Row("POST", CALL_PAGE, {"open": answers("redirect", anonymous="login")}, form={"note": "Hop"}),
    Row(
        "GET",
        CALL_PAGE + "/evaluation",
        {"open": answers(404, anonymous="login", other_creator="ok")},
    ),
    Row(
        "POST",
        CALL_PAGE + "/evaluation/{submission_id:uuid}",
        {"sent": answers(404, anonymous="login", other_creator="redirect")},
        form={"mark_quality": "2"},
    ),
    Row("GET", CALL_PAGE + "/gestion", {"open": answers(403, anonymous="login", staff="ok")}),
    Row(
        "POST",
        CALL_PAGE + "/gestion",
        {"open": answers(403, anonymous="login", staff=409)},  # 409: before the deadline
        form={"submission": "{submission_id}", "decision": "accepted"},
    ),
    # Markets: the organiser's open market, the owner's creator stand in it (with an
    # accredited-only document), the partner accredited as a buyer -----------------------------
    row(
        "POST",
        "/api/markets",
        # Staff pass the capability but act as no organisation: 422.
        answers(403, anonymous=401, organiser="ok", staff=422),
        json={**MARKET_BODY, "edition": "Matrice {n}"},
    ),
    row("GET", "/api/markets", PUBLIC),
    row("GET", "/api/markets/mine", SIGNED_IN),
    row("GET", MARKET, PUBLIC),
    row("PUT", MARKET, MARKET_TEAM, json={**MARKET_BODY, "slug": "{market_slug}"}),
    # 409: the market is open already; the partner's organisation is not an organiser's.
    row("POST", MARKET + "/publish", answers(403, anonymous=401, organiser=409, staff=409)),
    row("POST", MARKET + "/archive", MARKET_TEAM_409),  # 409: open, not closed
    row("GET", MARKET + "/team", MARKET_TEAM),
    # 422: the owner is no member of the organiser organisation.
    row(
        "PUT",
        MARKET + "/team/{user_id:uuid}",
        answers(403, anonymous=401, organiser=422, staff=422),
        json={"role": "reviewer"},
    ),
    row("DELETE", MARKET + "/team/{user_id:uuid}", MARKET_TEAM),  # nobody to remove: ok
    row(
        "POST",
        MARKET + "/stands",
        MARKET_TEAM_409,  # 409: the owner's profile has its stand
        json={"exhibitor_kind": "creator", "creator_id": "{creator_id}"},
    ),
    row("GET", MARKET + "/stands", PUBLIC, query={"discipline": "music", "q": "lena"}),
    row("GET", MARKET + "/stands/{stand_id:uuid}", PUBLIC),
    # Accredited-only: the accredited partner, the market's team, the exhibitor and staff.
    row(
        "GET",
        MARKET + "/documents/{stand_document_id:uuid}",
        answers(404, owner="ok", partner="ok", organiser="ok", staff="ok"),
    ),
    # The programme (a fresh session: a room and a premiere of their own for each caller).
    row("POST", MARKET + "/rooms", MARKET_TEAM, json={"name": "Salle {n}", "seats": 10}),
    row("GET", MARKET + "/rooms", PUBLIC),
    row("POST", MARKET + "/sessions", MARKET_TEAM_422, json=SESSION_OUTSIDE),
    row("GET", MARKET + "/sessions", PUBLIC),
    row("GET", PROGRAMME_SESSION, ACCREDITED_ONLY),
    row("PUT", PROGRAMME_SESSION, MARKET_TEAM_422, json=SESSION_OUTSIDE),
    row("POST", PROGRAMME_SESSION + "/cancel", MARKET_TEAM, fresh=True),
    row("POST", PROGRAMME_SESSION + "/agenda", ACCREDITED_ONLY_SIGNED_IN, fresh=True),
    # Nobody has the fresh session in their agenda yet: not found for everyone.
    row("DELETE", PROGRAMME_SESSION + "/agenda", answers(404, anonymous=401), fresh=True),
    row("GET", PROGRAMME_SESSION + "/ics", ACCREDITED_ONLY),
    row("GET", PROGRAMME_SESSION + "/premiere", ACCREDITED_ONLY),
    row("GET", "/api/markets/agenda", SIGNED_IN),
    # A made-up token: no feed for anyone (calendar apps fetch without a session).
    row("GET", "/api/markets/agenda/feeds/{person_id:uuid}/{feed_token:str}", answers(404)),
    row("GET", "/api/stands/mine", SIGNED_IN),
    row("PUT", "/api/stands/{stand_id:uuid}", STAND_OWNER, json={"tables": 2}),
    row(
        "PUT",
        "/api/stands/{stand_id:uuid}/works",
        STAND_OWNER,
        json={"work_ids": ["{stand_work_id}", "{second_work_id}"]},
    ),
    row(
        "POST",
        "/api/stands/{stand_id:uuid}/documents",
        STAND_OWNER,
        content=PDF_BYTES,
        query={"audience": "accredited"},
    ),
    Row(
        "PUT",
        "/api/stands/{stand_id:uuid}/works/{work_id:uuid}/market-price",
        {"published": STAND_OWNER},  # the owner's published work, on the stand
        json={"pricing": "fixed", "price_cents": 700},
    ),
    # Those acting as no organisation: 422; the partner is accredited, the organiser its team (409).
    row(
        "POST",
        MARKET + "/accreditations",
        answers(422, anonymous=401, partner=409, organiser=409),
        json={"category": "press"},
    ),
    row("GET", MARKET + "/accreditations/mine", answers(404, anonymous=401, partner="ok")),
    row("GET", MARKET + "/accreditations", MARKET_TEAM),
    # Granting twice is a no-op; refusing a granted one: 409.
    row("POST", MARKET + "/accreditations/{accreditation_id:uuid}/grant", MARKET_TEAM),
    row(
        "POST",
        MARKET + "/accreditations/{accreditation_id:uuid}/refuse",
        MARKET_TEAM_409,
        json={"reason": "Complet"},
    ),
    row("GET", MARKET + "/badge", answers(404, anonymous=401, partner="ok")),
    row("GET", MARKET + "/badges/verify", MARKET_TEAM, query={"token": "{badge_token}"}),
    # Meetings: a day outside the window is a 422 for the team; the partner (accredited) asks
    # the owner's stand (the others are no accredited professionals: 403); "{meeting_id}" is the
    # partner's meeting the owner booked: answering again is a 409 for the stand's side.
    row(
        "POST",
        MARKET + "/meetings/days",
        answers(403, anonymous=401, organiser=422, staff=422),
        json={"day": "{meeting_day_outside}", "starts": "09:00", "ends": "12:00"},
    ),
    row("GET", MARKET + "/meetings/days", PUBLIC),
    row("PUT", MARKET + "/meetings/quotas", MARKET_TEAM, json={"per_day": {"buyer": 13}}),
    row("GET", MARKET + "/meetings/quotas", PUBLIC),
    row("GET", MARKET + "/stands/{stand_id:uuid}/meetings/free", PUBLIC),
    row(
        "POST",
        MARKET + "/stands/{stand_id:uuid}/meetings",
        answers(403, anonymous=401, partner="ok"),
        json={"slots": ["{meeting_slot}"]},
    ),
    row("GET", MARKET + "/meetings/mine", SIGNED_IN),
    row(
        "POST",
        "/api/meetings/{meeting_id:uuid}/accept",
        MEETING_ANSWER,
        json={"slot_start": "{meeting_slot}"},
    ),
    row("POST", "/api/meetings/{meeting_id:uuid}/decline", MEETING_ANSWER, json={"reason": "Non"}),
    row(
        "GET",
        "/api/meetings/{meeting_id:uuid}/meeting.ics",
        answers(404, anonymous=401, owner="ok", partner="ok", staff="ok"),
    ),
    # Either side cancels (a second cancel answers the same); the market's team is no side.
    row(
        "POST",
        "/api/meetings/{meeting_id:uuid}/cancel",
        answers(404, anonymous=401, owner="ok", partner="ok", staff="ok"),
        json={"reason": "Matrice"},
    ),
    # Only the professional who asked withdraws a request, and this one has an answer (409).
    row(
        "POST", "/api/meetings/{meeting_id:uuid}/withdraw", answers(404, anonymous=401, partner=409)
    ),
    # Visuals: what is not an image is the team's 422; the world's market has none to serve.
    row("PUT", MARKET + "/visuals/{visual_role:str}", MARKET_TEAM_422, content=b"not an image"),
    row("GET", MARKET + "/visuals", PUBLIC),
    row(
        "GET", "/marches/visuels/{market_id:uuid}/{visual_role:str}/{visual_file:str}", answers(404)
    ),
    # The hosted-buyer round (open in the world): a day without meeting hours is a 422 for the
    # team; the partner (an accredited buyer) ranks stands, the owner's stand ranks buyers, both
    # empty lists, so running a round nobody ranked anything in is a 422 for the team.
    row("POST", MARKET + "/round", MARKET_TEAM_422, json={"day": "{meeting_day_outside}"}),
    row("GET", MARKET + "/round", MARKET_TEAM),
    row("GET", MARKET + "/round/wishes", answers(403, anonymous=401, partner="ok")),
    row(
        "PUT",
        MARKET + "/round/wishes",
        answers(403, anonymous=401, partner="ok"),
        json={"stands": []},
    ),
    row("GET", STAND_ROUND, answers(403, anonymous=401, owner="ok", staff="ok")),
    row(
        "PUT",
        STAND_ROUND,
        answers(403, anonymous=401, owner="ok", staff="ok"),
        json={"professionals": []},
    ),
    row("POST", MARKET + "/round/run", MARKET_TEAM_422),
    # Moderation: everyone signed in reports (once per item while open); "{decision_id}" is a
    # take-down of the owner's second work; fresh rows get their own report or decision ----------
    row(
        "POST",
        "/api/moderation/reports",
        SIGNED_IN,  # anonymous reports are refused: limits and appeals need an account
        json={"target_kind": "work", "target_id": "{second_work_id}", "reason": "spam"},
    ),
    row("GET", MODERATION_DECISION, OWNER_HIDDEN),  # the owner's and staff's only
    row(
        "POST",
        MODERATION_DECISION + "/appeal",
        answers(404, anonymous=401, owner="ok"),  # the owner appeals; staff answer appeals
        json={"text": "Matrice"},
        fresh=True,
    ),
    row("GET", "/api/staff/moderation/reports", STAFF_ONLY),
    row(
        "POST",
        "/api/staff/moderation/reports/{report_id:uuid}/decision",
        STAFF_ONLY,
        json={"action": "dismiss", "reason": "Matrice"},
        fresh=True,
    ),
    row(
        "POST",
        STAFF_DECISION + "/appeal-outcome",
        STAFF_ONLY,
        json={"outcome": "upheld", "reason": "Matrice"},
        fresh=True,
    ),
    row("POST", STAFF_DECISION + "/restore", STAFF_ONLY, fresh=True),
    row(
        "POST",
        "/signalements",
        answers("redirect", anonymous="login"),  # back to the reported profile's page
        form={"target_kind": "creator", "target_id": "{creator_id}", "reason": "other"},
    ),
    row("GET", "/moderation/decisions/{decision_id:uuid}", OWNER_PAGE),
    row(
        "POST",
        "/moderation/decisions/{decision_id:uuid}/appel",
        answers(404, anonymous="login", owner="redirect"),
        form={"text": "Matrice"},
        fresh=True,
    ),
    row("GET", "/staff/moderation", STAFF_PAGE),
    row(
        "POST",
        "/staff/moderation/reports/{report_id:uuid}/decision",
        STAFF_PAGE_FORM,
        form={"action": "dismiss", "reason": "Matrice"},
        fresh=True,
    ),
    row(
        "POST",
        "/staff/moderation/decisions/{decision_id:uuid}/appel",
        STAFF_PAGE_FORM,
        form={"outcome": "upheld", "reason": "Matrice"},
        fresh=True,
    ),
    row(
        "POST",
        "/staff/moderation/decisions/{decision_id:uuid}/retablir",
        STAFF_PAGE_FORM,
        fresh=True,
    ),
    # Screeners: the owner's screener; the audience account invited, with an open viewing ----
    row(
        "POST",
        "/api/screeners",
        OWNER_HIDDEN,  # another person's work is not found
        json={
            "work_id": "{screener_work_id}",
            "closes_at": "{screener_closes_at}",
            "audiences": [{"kind": "people", "emails": ["{screener_email}"]}],
        },
    ),
    row("GET", "/api/screeners/made", SIGNED_IN),
    row("GET", "/api/screeners/invited", SIGNED_IN),
    row("GET", SCREENER, OWNER_HIDDEN),
    row(
        "POST",
        SCREENER + "/audiences",
        OWNER_HIDDEN,
        json={"audiences": [{"kind": "people", "emails": ["{screener_email}"]}]},
    ),
    row(
        "PUT",
        SCREENER + "/invitations/{invitation_id:uuid}/alert",
        OWNER_HIDDEN,
        json={"alert": False},
    ),
    # Withdrawing an invitation: a fresh one of the screener each time (screener_world).
    row("POST", SCREENER + "/invitations/{invitation_id:uuid}/revoke", OWNER_HIDDEN, fresh=True),
    row("GET", SCREENER + "/report", OWNER_HIDDEN),
    row("GET", SCREENER + "/report.csv", OWNER_HIDDEN),
    row(
        "POST",
        "/api/screeners/invitations/{invitation_id:uuid}/open",
        INVITED_ONLY,  # staff are not invited either: a screener is personal
        json={"browser": "{screener_browser}"},
    ),
    # A viewing's links: the invited viewer's only; anyone else signed in replays them: 403.
    row(
        "POST",
        VIEWING + "/heartbeat",
        VIEWER_ONLY,
        json={"event": "tick", "position_s": 0},
    ),
    row("GET", VIEWING + "/master.m3u8", VIEWER_ONLY),
    row("GET", VIEWING + "/document", answers(403, anonymous=401, audience=404)),  # audio
    row("GET", "/screeners", PAGE_SIGNED_IN),
    row("GET", "/screeners/{invitation_id:uuid}", answers(404, anonymous="login", audience="ok")),
    row("GET", "/screeners/envoyes", PAGE_SIGNED_IN),
    row("GET", "/screeners/envoyes/{screener_id:uuid}/rapport", OWNER_PAGE),
    row("GET", "/screeners/envoyes/nouveau", PAGE_SIGNED_IN),
    row(
        "POST",
        "/screeners/envoyes/nouveau",
        answers(404, anonymous="login", owner="redirect", staff="redirect"),
        form={
            "work_id": "{screener_work_id}",
            "closes_at": "{screener_closes_at}",
            "emails": "{screener_email}",
        },
    ),
    row("GET", "/screeners/envoyes/{screener_id:uuid}/reglages", OWNER_PAGE),
    row(
        "POST",
        "/screeners/envoyes/{screener_id:uuid}/reglages",
        answers(404, anonymous="login", owner="redirect", staff="redirect"),
        form={"closes_at": "{screener_closes_at}", "max_views": "1"},
    ),
    row(
        "POST",
        "/screeners/envoyes/{screener_id:uuid}/suivi/{invitation_id:uuid}",
        answers(404, anonymous="login", owner="redirect", staff="redirect"),
        form={"alert": "0"},
    ),
    row(
        "POST",
        "/screeners/envoyes/{screener_id:uuid}/retrait/{invitation_id:uuid}",
        answers(404, anonymous="login", owner="redirect", staff="redirect"),
        fresh=True,
    ),
    # The indicators' public dashboard and open data -----------------------------------------
    row("GET", "/indicateurs", PUBLIC),
    row("GET", "/api/indicators/open-data", PUBLIC),
    # The funders' report of a period (this year by default): staff only.
    row("GET", "/staff/indicateurs/rapport.pdf", STAFF_PAGE),
    row("GET", "/staff/indicateurs/rapport.csv", STAFF_PAGE),
    row("GET", "/staff/indicateurs/rapport.json", STAFF_PAGE),
    # Markets' pages --------------------------------------------------------------------------
    row("GET", "/marches", PUBLIC),
    row("GET", MARKET_PAGE, PUBLIC),
    row("GET", MARKET_PAGE + "/stands/{stand_id:uuid}", PUBLIC),
    row("GET", MARKET_PAGE + "/accreditation", PAGE_SIGNED_IN),
    # An unknown category: 422 for everyone signed in (the e2e tests ask with real ones).
    row(
        "POST",
        MARKET_PAGE + "/accreditation",
        answers(422, anonymous="login"),
        form={"category": "vip"},
    ),
    row("GET", MARKET_PAGE + "/badge", answers(404, anonymous="login", partner="ok")),
    row("GET", PROGRAMME_PAGE, PUBLIC),
    row(
        "POST",
        PROGRAMME_PAGE + "/salles",
        answers(403, anonymous="login", organiser="redirect", staff="redirect"),
        form={"name": "Salle {n}", "seats": "5"},
    ),
    row(
        "POST",
        PROGRAMME_PAGE + "/seances",
        answers(403, anonymous="login", organiser=422, staff=422),  # outside the window
        form={
            "room_id": "{room_id}",
            "kind": "talk",
            "title_fr": "Hors fenêtre",
            "starts_at": "2099-03-28T09:00",
            "ends_at": "2099-03-28T10:00",
        },
    ),
    row("GET", SESSION_PAGE, ACCREDITED_ONLY),
    row(
        "POST",
        SESSION_PAGE + "/agenda",
        answers(404, anonymous="login", partner="redirect", organiser="redirect", staff="redirect"),
        fresh=True,
    ),
    row(
        "POST",
        SESSION_PAGE + "/annuler",
        answers(403, anonymous="login", organiser="redirect", staff="redirect"),
        fresh=True,
    ),
    row("GET", SESSION_PAGE + "/calendrier.ics", ACCREDITED_ONLY),
    row(
        "GET",
        SESSION_PAGE + "/modifier",
        answers(403, anonymous="login", organiser="ok", staff="ok"),
    ),
    row(
        "POST",
        SESSION_PAGE + "/modifier",
        MARKET_TEAM_PAGE_422,  # moved outside the window
        form={
            "room_id": "{room_id}",
            "kind": "talk",
            "title_fr": "Hors fenêtre",
            "starts_at": "2099-03-28T09:00",
            "ends_at": "2099-03-28T10:00",
        },
    ),
    row("GET", SESSION_PAGE + "/premiere", ACCREDITED_ONLY),
    row("GET", "/marches/agenda", PAGE_SIGNED_IN),
    # Meetings' pages: anyone signed in sees the asking page (a notice unless accredited); an
    # unreadable slot is a 422 for everyone signed in (the API's row checks who may ask).
    row("GET", MARKET_PAGE + "/stands/{stand_id:uuid}/rendez-vous", PAGE_SIGNED_IN),
    row(
        "POST",
        MARKET_PAGE + "/stands/{stand_id:uuid}/rendez-vous",
        answers(422, anonymous="login"),
        form={"slot": "not-a-moment"},
    ),
    row("GET", MARKET_PAGE + "/rendez-vous", PAGE_SIGNED_IN),
    # The managers' meeting hours: a day outside the window is a 422 for them (and staff).
    row(
        "GET",
        MARKET_PAGE + "/rendez-vous/horaires",
        answers(403, anonymous="login", organiser="ok", staff="ok"),
    ),
    row(
        "POST",
        MARKET_PAGE + "/rendez-vous/horaires",
        answers(403, anonymous="login", organiser=422, staff=422),
        form={"day": "{meeting_day_outside}", "starts": "09:00", "ends": "12:00"},
    ),
    # "accepter" (the slot chosen) or "refuser" (a reason): the path names the answer.
    row(
        "POST",
        MARKET_PAGE + "/rendez-vous/{meeting_id:uuid}/{answer:str}",
        MEETING_ANSWER_PAGE,
        form={"slot": "{meeting_slot}", "reason": "Non"},
    ),
    row(
        "GET",
        MARKET_PAGE + "/rendez-vous/{meeting_id:uuid}/rendez-vous.ics",
        answers(404, anonymous="login", owner="ok", partner="ok", staff="ok"),
    ),
    # The round's pages (its API rows say the rest): the managers' page, a day that is no date
    # a 422 for them (and staff), as a run with no wishes; "Mes souhaits" for the partner (an
    # accredited buyer; saving nothing ranked leaves the list empty); the owner's stand's wishes,
    # for its exhibitors.
    row(
        "GET",
        MARKET_PAGE + "/rendez-vous/tour",
        answers(403, anonymous="login", organiser="ok", staff="ok"),
    ),
    row("POST", MARKET_PAGE + "/rendez-vous/tour", MARKET_TEAM_PAGE_422, form={"day": "x"}),
    row("POST", MARKET_PAGE + "/rendez-vous/tour/lancer", MARKET_TEAM_PAGE_422),
    row(
        "GET", MARKET_PAGE + "/rendez-vous/souhaits", answers(403, anonymous="login", partner="ok")
    ),
    row(
        "POST",
        MARKET_PAGE + "/rendez-vous/souhaits",
        answers(403, anonymous="login", partner="redirect"),
        form={},
    ),
    row("GET", MARKET_PAGE + "/stands/{stand_id:uuid}/souhaits", STAND_EDITOR_PAGE),
    row(
        "POST",
        MARKET_PAGE + "/stands/{stand_id:uuid}/souhaits",
        STAND_EDITOR_PAGE_REDIRECT,
        form={},
    ),
    row("GET", "/marches/organiser", PAGE_SIGNED_IN),
    row(
        "POST",
        "/marches/organiser",
        answers(403, anonymous="login", organiser="redirect"),  # a verified organiser's only
        form={
            "name": "Matrice {n}",
            "description_fr": "Un marché",
            "sections": "music",
            "opens_at": "2099-03-28T09:00",
            "closes_at": "2099-03-30T18:00",
        },
    ),
    row(
        "GET",
        MARKET_ADMIN + "/visuels",
        answers(403, anonymous="login", organiser="ok", staff="ok"),
    ),
    row(
        "POST", MARKET_ADMIN + "/visuels", MARKET_TEAM_PAGE_422, form={"role": "poster"}
    ),  # no file
    row("GET", MARKET_ADMIN, answers(403, anonymous="login", organiser="ok", staff="ok")),
    row(
        "POST",
        MARKET_ADMIN + "/{action:str}",
        answers(403, anonymous="login", organiser=409, staff=409),  # "stand": it has one
        form={"creator_id": "{creator_id}"},
    ),
    # A market's calls for entries and analytics: its team's pages (the market is public: 403).
    row(
        "GET", MARKET_ADMIN + "/appels", answers(403, anonymous="login", organiser="ok", staff="ok")
    ),
    row(
        "POST",
        MARKET_ADMIN + "/appels",
        answers(403, anonymous="login", organiser="redirect", staff="redirect"),
        form={"title": "Appel de la matrice", "deadline": "2099-12-31T18:00"},
    ),
    row(
        "GET",
        MARKET_ADMIN + "/statistiques",
        answers(403, anonymous="login", organiser="ok", staff="ok"),
    ),
    row(
        "GET",
        MARKET_ADMIN + "/statistiques.csv",
        answers(403, anonymous="login", organiser="ok", staff="ok"),
    ),
    row("GET", STAND_EDITOR, answers(403, anonymous="login", owner="ok", staff="ok")),
    row(
        "POST",
        STAND_EDITOR + "/{part:str}",
        answers(403, anonymous="login", owner="redirect", staff="redirect"),
        form={"presentation_fr": "Matrice", "tables": "2"},
    ),
    # Stand codes: the owner's batch on their stand; a stand's batches are its editors' (403 where
    # the market is public), a batch is hidden from everyone else (its codes are the exhibitor's).
    row(
        "POST",
        "/api/stands/{stand_id:uuid}/code-batches",
        STAND_OWNER,
        json={"work_id": "{stand_work_id}", "count": 2, "price_cents": 500},
    ),
    row("GET", "/api/stands/{stand_id:uuid}/code-batches", STAND_OWNER),
    row("GET", CODE_BATCH + "/sheet.pdf", BATCH_EDITORS),
    row("POST", CODE_BATCH + "/sale", BATCH_EDITORS, fresh=True),
    row("POST", CODE_BATCH + "/void", BATCH_EDITORS, fresh=True),
    row("POST", "/api/codes/redeem", answers(404, anonymous=401), json={"code": "{code}"}),
    row("GET", "/marches/stands/{stand_id:uuid}/codes", STAND_EDITOR_PAGE),
    row(
        "POST",
        "/marches/stands/{stand_id:uuid}/codes",
        answers(403, anonymous="login", owner="redirect", staff="redirect"),
        form={"work_id": "{stand_work_id}", "count": "2", "price": "5,00"},
    ),
    row(
        "GET",
        CODE_BATCH_PAGE + "/feuille.pdf",
        answers(404, anonymous="login", owner="ok", staff="ok"),
    ),
    # An unknown step: refused (422) once the batch is found, which only its editors do.
    row(
        "POST",
        CODE_BATCH_PAGE + "/{step:str}",
        answers(404, anonymous="login", owner=422, staff=422),
    ),
    row("GET", "/codes", PUBLIC),
    row("GET", "/codes/{code:str}", PAGE_SIGNED_IN),
    row("POST", "/codes", answers(404, anonymous="login"), form={"code": "{code}"}),
    # Licensing: the owner's mandate on the published work (an exclusive SVOD one, North
    # America, 2030 to 2031); partners (verified, acting as their organisation) read availability.
    Row(
        "GET",
        LICENSING_WORK + "/mandates",
        {"draft": OWNER_HIDDEN, "published": OWNER_REFUSED},
        owned_by="owner",
    ),
    Row(
        "POST",
        LICENSING_WORK + "/mandates",
        {"published": OWNER_REFUSED},
        owned_by="owner",
        json={**LICENSING_MANDATE, "exclusive": False, "signatory_id": "{holder_id}"},
    ),
    Row(
        "DELETE",
        LICENSING_WORK + "/mandates/{mandate_id:uuid}",
        {"published": OWNER_REFUSED},
        owned_by="owner",
        fresh=True,
    ),
    Row(
        "GET",
        LICENSING_WORK + "/availability",
        {"draft": OWNER_HIDDEN, "published": OWNER_REFUSED},
        owned_by="owner",
    ),
    Row(
        "GET",
        "/api/licensing/availability/works/{work_id:uuid}",
        {"draft": PARTNERS_HIDDEN, "published": PARTNERS_ONLY},
    ),
    row(
        "POST",
        "/api/licensing/availability/check",
        PARTNERS_ONLY,
        json={
            "work_ids": ["{stand_work_id}"],
            "territory": "CA",
            "medium": "svod",
            "starts_on": "2030-02-01",
        },
    ),
    Row("GET", "/api/staff/licensing/works/{work_id:uuid}/windows", {"published": STAFF_ONLY}),
    Row(
        "POST",
        "/api/staff/licensing/works/{work_id:uuid}/windows",
        {"published": STAFF_ONLY},
        owned_by="owner",
        # Non-exclusive: one more for each caller that gets through never conflicts.
        json={**LICENSING_MANDATE, "territory": "CA", "licensee": "Matrice"},
    ),
    Row(
        "GET",
        STUDIO_WORK + "/droits",
        {
            "draft": answers(404, anonymous="login", owner="ok", staff="ok"),
            # A public work: seen, but its rights are not the others' to manage.
            "published": answers(403, anonymous="login", owner="ok", staff="ok"),
        },
        owned_by="owner",
    ),
    Row(
        "POST",
        STUDIO_WORK + "/droits",
        {"published": answers(403, anonymous="login", owner="redirect", staff="redirect")},
        owned_by="owner",
        form={
            "medium": "tvod",
            "territory": "CA",
            "starts_on": "2030-01-01",
            "ends_on": "",
            "language": "*",
            "signatory_id": "{holder_id}",
        },
    ),
    Row(
        "POST",
        STUDIO_WORK + "/droits/{mandate_id:uuid}/retirer",
        {"published": answers(403, anonymous="login", owner="redirect", staff="redirect")},
        owned_by="owner",
        fresh=True,
    ),
    # Licence deals: the partner's deal on the published work, quoted by the owner (a fresh
    # one, quoted, for each caller of a row that moves it). Staff answer for the rights side.
    row(
        "POST",
        "/api/licensing/deals",
        # Staff pass the guard but ask as no organisation: refused too.
        answers(403, anonymous=401, partner="ok"),
        json={
            "work_id": "{licensing_work_id}",
            "medium": "svod",
            "territory": "CA",
            "starts_on": "2030-01-01",
            "ends_on": "2030-12-31",
        },
    ),
    row("GET", "/api/licensing/deals", SIGNED_IN),  # the caller's own
    row("GET", DEAL, DEAL_SIDES),
    row(
        "POST",
        DEAL + "/offer",
        DEAL_RIGHTS_SIDE,
        json={"price_cents": 60000, "expires_at": "2099-01-01T00:00:00+00:00"},
        fresh=True,
    ),
    row("POST", DEAL + "/decline", DEAL_RIGHTS_SIDE, json={"note": "Non"}, fresh=True),
    row(
        "POST",
        DEAL + "/accept",
        answers(404, anonymous=401, partner="ok", owner=403, staff=403),
        fresh=True,
    ),
    row("POST", DEAL + "/cancel", DEAL_SIDES, fresh=True),
    # The paperwork: the world's deal has its contract accepted by both, its invoice paid by
    # a bank transfer and a master uploaded; the rows that change a deal get a fresh one.
    row("GET", DEAL + "/contract", DEAL_SIDES),
    row("GET", DEAL + "/contract.pdf", DEAL_SIDES),
    row(
        "POST",
        DEAL + "/contract/accept",
        DEAL_SIDES,
        json={"name": "Matrice", "sha256": "{contract_sha256}", "billing": {"country": "CA"}},
        fresh=True,
    ),
    row("GET", DEAL + "/invoice", DEAL_SIDES),
    row("GET", DEAL + "/invoice.pdf", DEAL_SIDES),
    row("GET", DEAL + "/credit-notes", DEAL_SIDES),
    row("GET", DEAL + "/credit-notes/{credit_note_number:str}", DEAL_SIDES),
    row(
        "POST",
        "/api/staff/licensing/deals/{deal_id:uuid}/refund",
        STAFF_ONLY,  # a cent more of the world's transfer-paid deal
        json={"amount_cents": 1, "reference": "RBT {n}"},
    ),
    row(
        "POST",
        "/api/staff/licensing/deals/{deal_id:uuid}/bank-transfer",
        STAFF_ONLY,
        json={"amount_cents": 50000, "reference": "VIR MATRICE"},
        fresh=True,
    ),
    row(
        "PUT",
        DEAL + "/deliverables",
        DEAL_RIGHTS_SIDE,
        json={"items": [{"kind": "press_kit"}]},
        fresh=True,
    ),
    row("GET", DEAL + "/deliverables", DEAL_SIDES),
    row(
        "PUT",
        DEAL + "/deliverables/{deliverable_id:uuid}/file",
        DEAL_RIGHTS_SIDE,
        content=b"master",
    ),
    # A large master in parts (the world's upload: one part of six bytes).
    row("POST", DELIVERY_UPLOADS, DEAL_RIGHTS_SIDE, json={"size": 6}),
    row("GET", DELIVERY_UPLOAD, DEAL_RIGHTS_SIDE),
    row("PUT", DELIVERY_UPLOAD + "/parts/{number:int}", DEAL_RIGHTS_SIDE, content=b"master"),
    # Completing again answers the same file, so both the owner and staff get it.
    row("POST", DELIVERY_UPLOAD + "/complete", DEAL_RIGHTS_SIDE),
    row(
        "POST",
        DEAL + "/payer",
        # The partner organisation's members only; the world's deal is paid already (409).
        answers(404, anonymous=401, partner=409, owner=403, staff=403),
    ),
    row(
        "POST",
        DEAL + "/deliverables/{deliverable_id:uuid}/links",
        # Only the partner receives what was paid for.
        answers(404, anonymous=401, partner="ok", owner=403, staff=403),
    ),
    row(
        "GET",
        "/api/licensing/deliveries/{link_id:uuid}",
        answers(404, anonymous=401, partner="ok"),
    ),
    row("GET", "/licences", PAGE_SIGNED_IN),  # the caller's own
    Row(
        "GET",
        "/licences/demander/{work_id:uuid}",
        {"published": answers(403, anonymous="login", partner="ok")},
    ),
    Row(
        "POST",
        "/licences/demander/{work_id:uuid}",
        {"published": answers(403, anonymous="login", partner="redirect")},
        form={
            "medium": "svod",
            "territory": "CA",
            "starts_on": "2030-01-01",
            "ends_on": "2030-12-31",
            "language": "*",
        },
    ),
    row(
        "GET",
        "/licences/{deal_id:uuid}",
        answers(404, anonymous="login", partner="ok", owner="ok", staff="ok"),
    ),
    row(
        "POST",
        "/licences/{deal_id:uuid}/{deal_action:str}",
        # The partner's acceptance: the rights side may not accept for them.
        answers(404, anonymous="login", partner="redirect", owner=403, staff=403),
        fresh=True,
    ),
    # Availability as a map and a calendar: verified partners, the owner and staff.
    Row(
        "GET",
        "/licences/oeuvres/{work_id:uuid}/disponibilites",
        {
            "draft": answers(404, anonymous="login", owner="ok", staff="ok"),
            "published": answers(403, anonymous="login", partner="ok", owner="ok", staff="ok"),
        },
    ),
    # Ready-made sync licences on the owner's song; the partner's paid licence.
    Row(
        "GET",
        SYNC_TIERS,
        {"draft": OWNER_HIDDEN, "published": SIGNED_IN},
    ),
    Row(
        "PUT",
        SYNC_TIERS,
        {"draft": OWNER_HIDDEN, "published": OWNER_REFUSED},
        owned_by="owner",
        json={"tiers": [{"tier": "advertising", "price_cents": 150000, "master_bp": 6000}]},
    ),
    row(
        "POST",
        "/api/licensing/sync/licences",
        # Staff pass the guard but buy as no organisation: refused too.
        answers(403, anonymous=401, partner="ok"),
        json={"work_id": "{licensing_work_id}", "tier": "personal_web", "use": "Matrice"},
    ),
    row("GET", "/api/licensing/sync/licences", SIGNED_IN),  # the caller's own
    row("GET", SYNC_LICENCE, SYNC_SIDES),
    row("GET", SYNC_LICENCE + "/certificate.pdf", SYNC_SIDES),
    row("GET", SYNC_LICENCE + "/invoice", SYNC_SIDES),
    row("GET", SYNC_LICENCE + "/invoice.pdf", SYNC_SIDES),
    row("GET", SYNC_LICENCE + "/credit-notes/{sync_credit_note_number:str}", SYNC_SIDES),
    Row(
        "POST",
        "/licences/oeuvres/{work_id:uuid}/synchro",
        {"published": answers(403, anonymous="login", partner="redirect")},
        form={"tier": "personal_web", "use": "Matrice"},
    ),
    row(
        "GET",
        "/licences/synchro/{licence_id:uuid}",
        answers(404, anonymous="login", partner="ok", owner="ok", staff="ok"),
    ),
    row(
        "GET",
        "/licences/synchro/{licence_id:uuid}/certificat.pdf",
        answers(404, anonymous="login", partner="ok", owner="ok", staff="ok"),
    ),
    row(
        "GET",
        "/licences/synchro/{licence_id:uuid}/facture.pdf",
        answers(404, anonymous="login", partner="ok", owner="ok", staff="ok"),
    ),
    row(
        "GET",
        "/licences/synchro/{licence_id:uuid}/avoirs/{sync_credit_note_number:str}",
        answers(404, anonymous="login", partner="ok", owner="ok", staff="ok"),
    ),
    Row(
        "GET",
        STUDIO_WORK + "/synchro",
        {
            "draft": answers(404, anonymous="login", owner="ok", staff="ok"),
            "published": answers(403, anonymous="login", owner="ok", staff="ok"),
        },
        owned_by="owner",
    ),
    Row(
        "POST",
        STUDIO_WORK + "/synchro",
        {"published": answers(403, anonymous="login", owner="redirect", staff="redirect")},
        owned_by="owner",
        form={
            field: value
            for tier in ("personal_web", "business_web", "advertising", "broadcast")
            for field, value in ((f"{tier}-price", "99"), (f"{tier}-master", "50"))
        }
        | {"film_festival-price": "300", "film_festival-master": "40", "advertising-offered": "on"},
    ),
    row(
        "GET",
        "/licences/{deal_id:uuid}/contrat.pdf",
        answers(404, anonymous="login", partner="ok", owner="ok", staff="ok"),
    ),
    row(
        "GET",
        "/licences/{deal_id:uuid}/facture.pdf",
        answers(404, anonymous="login", partner="ok", owner="ok", staff="ok"),
    ),
    row(
        "GET",
        "/licences/{deal_id:uuid}/avoirs/{credit_note_number:str}",
        answers(404, anonymous="login", partner="ok", owner="ok", staff="ok"),
    ),
    row(
        "POST",
        "/licences/{deal_id:uuid}/contrat/acceptation",
        answers(404, anonymous="login", partner="redirect", owner="redirect", staff="redirect"),
        form={"name": "Matrice", "sha256": "{contract_sha256}", "country": "CA"},
        fresh=True,
    ),
    row(
        "POST",
        "/licences/{deal_id:uuid}/livrables/{deliverable_id:uuid}/lien",
        answers(404, anonymous="login", partner="redirect", owner=403, staff=403),
    ),
    row(
        "POST",
        "/licences/{deal_id:uuid}/livrables/{deliverable_id:uuid}/fichier",
        # The rights side passes to the file's own check (a form without a file: 422).
        answers(404, anonymous="login", partner=403, owner=422, staff=422),
        form={"file": "master"},
    ),
    row(
        "GET",
        "/licences/livraisons/{link_id:uuid}",
        answers(404, anonymous="login", partner="ok"),
    ),
    row("GET", "/staff/licences/virements", STAFF_PAGE),
    row(
        "POST",
        "/staff/licences/virements/{deal_id:uuid}",
        STAFF_PAGE_FORM,
        form={"amount": "500,00", "reference": "VIR MATRICE"},
        fresh=True,
    ),
    row("GET", "/staff/licences/remboursements", STAFF_PAGE),
    row(
        "POST",
        "/staff/licences/remboursements/{deal_id:uuid}",
        STAFF_PAGE_FORM,
        # One cent more of the world's transfer-paid deal sent back (only staff get through).
        form={"amount": "0,01", "reference": "RBT MATRICE PAGE"},
    ),
    # Search -----------------------------------------------------------------------------------
    row("GET", "/api/search", PUBLIC, query={"q": "Bèlè"}),
    row("GET", "/api/search/suggest", PUBLIC, query={"q": "Bè"}),
    row("GET", "/recherche", PUBLIC, query={"q": "Bèlè"}),
    # Embeds -----------------------------------------------------------------------------------
    # What anyone may see, whoever asks: the owner and staff get the same 404 as a stranger.
    Row("GET", "/embed/works/{work_id:uuid}", {**EMBED_HIDDEN, "published": PUBLIC}),
    Row("GET", "/embed/works/{work_id:uuid}/player", {**EMBED_HIDDEN, "published": PUBLIC}),
    row("GET", "/embed/creators/{creator_id:uuid}", PUBLIC),
    row("GET", "/embed/markets/{slug:str}", PUBLIC),
    # The suite's LAKOU_PUBLIC_URL is the default, http://127.0.0.1:8000.
    Row(
        "GET",
        "/oembed",
        {**EMBED_HIDDEN, "published": PUBLIC},
        query={"url": "http://127.0.0.1:8000/oeuvres/{work_id}"},
    ),
)
