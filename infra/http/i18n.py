"""Interface strings: French first, English by a switch (`?lang=en`, remembered in a cookie)."""

from __future__ import annotations

from typing import Any

from litestar import Request

LANG_COOKIE = "lakou_lang"
INTERFACE_LANGUAGES = ("fr", "en")

STRINGS: dict[str, dict[str, str]] = {
    "tagline": {
        "fr": "La cour commune des créations de Martinique",
        "en": "The shared courtyard of Martinique's creative works",
    },
    "works": {"fr": "Œuvres", "en": "Works"},
    "new_releases": {"fr": "Nouveautés", "en": "New releases"},
    "no_works": {"fr": "Aucune œuvre publiée pour l'instant.", "en": "No published work yet."},
    "login": {"fr": "Connexion", "en": "Log in"},
    "logout": {"fr": "Déconnexion", "en": "Log out"},
    "signup": {"fr": "Créer un compte", "en": "Sign up"},
    "email": {"fr": "Adresse e-mail", "en": "E-mail address"},
    "password": {"fr": "Mot de passe", "en": "Password"},
    "display_name": {"fr": "Nom affiché", "en": "Display name"},
    "role": {"fr": "Je suis", "en": "I am"},
    "role_audience": {"fr": "Public", "en": "Audience"},
    "role_creator": {"fr": "Créateur ou structure", "en": "Creator or structure"},
    "role_organiser": {"fr": "Organisateur de festival", "en": "Festival organiser"},
    "role_partner": {"fr": "Partenaire export", "en": "Export partner"},
    "signup_done": {
        "fr": "Si cette adresse était libre, votre compte est créé : connectez-vous.",
        "en": "If this address was free, your account now exists: log in.",
    },
    "api_docs": {"fr": "API (documentation)", "en": "API (documentation)"},
    "by": {"fr": "par", "en": "by"},
    "credits": {"fr": "Crédits", "en": "Credits"},
    "description": {"fr": "Présentation", "en": "About"},
    "hello": {"fr": "Bonjour", "en": "Hello"},
    "switch_language": {"fr": "English", "en": "Français"},
}


def interface_language(request: Request[Any, Any, Any]) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "fr"
    return asked if asked in INTERFACE_LANGUAGES else "fr"


def translator(lang: str) -> dict[str, str]:
    return {key: texts[lang] for key, texts in STRINGS.items()}
