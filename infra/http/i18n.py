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
    "switch_language_label": {"fr": "Read in English", "en": "Lire en français"},
    "skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "nav_main": {"fr": "Navigation principale", "en": "Main navigation"},
    "menu": {"fr": "Menu", "en": "Menu"},
    "home": {"fr": "Accueil", "en": "Home"},
    "explore": {"fr": "Explorer", "en": "Explore"},
    "studio": {"fr": "Studio", "en": "Studio"},
    "cart": {"fr": "Panier", "en": "Cart"},
    "library": {"fr": "Bibliothèque", "en": "Library"},
    "hero_title": {
        "fr": "Musiques, films, contes et savoir-faire de Martinique",
        "en": "Music, films, tales and crafts from Martinique",
    },
    "hero_text": {
        "fr": "Écoutez, regardez et soutenez directement celles et ceux qui créent au pays.",
        "en": "Listen, watch and support the people who create on the island, directly.",
    },
    "search": {"fr": "Rechercher", "en": "Search"},
    "search_label": {
        "fr": "Rechercher une œuvre ou un créateur",
        "en": "Search a work or a creator",
    },
    "search_placeholder": {"fr": "bèlè, conte, Compère Lapin…", "en": "bèlè, tale, Compère Lapin…"},
    "suggestions": {"fr": "Suggestions", "en": "Suggestions"},
    "featured": {"fr": "À la une", "en": "Featured"},
    "disciplines": {"fr": "Disciplines", "en": "Disciplines"},
    "whats_on": {"fr": "À l'affiche", "en": "What's on"},
    "whats_on_text": {
        "fr": "Les dernières publications des créateurs du territoire.",
        "en": "The latest releases from the island's creators.",
    },
    "published_on": {"fr": "Publié le", "en": "Published on"},
    "creators_to_discover": {"fr": "Créateurs à découvrir", "en": "Creators to discover"},
    "see_all": {"fr": "Tout voir", "en": "See all"},
    "results": {"fr": "résultats", "en": "results"},
    "result": {"fr": "résultat", "en": "result"},
    "no_results": {
        "fr": "Aucune œuvre ne correspond. Essayez d'autres mots ou retirez un filtre.",
        "en": "No work matches. Try other words or remove a filter.",
    },
    "filters": {"fr": "Filtres", "en": "Filters"},
    "apply_filters": {"fr": "Appliquer", "en": "Apply"},
    "clear_filters": {"fr": "Tout effacer", "en": "Clear all"},
    "facet_discipline": {"fr": "Discipline", "en": "Discipline"},
    "facet_language": {"fr": "Langue", "en": "Language"},
    "facet_commune": {"fr": "Commune", "en": "Town"},
    "facet_availability": {"fr": "Disponibilité", "en": "Availability"},
    "facet_has_preview": {"fr": "Extrait", "en": "Preview"},
    "sort": {"fr": "Trier par", "en": "Sort by"},
    "sort_relevance": {"fr": "Pertinence", "en": "Relevance"},
    "sort_newest": {"fr": "Plus récents", "en": "Newest"},
    "sort_price_asc": {"fr": "Prix croissant", "en": "Price, low to high"},
    "sort_price_desc": {"fr": "Prix décroissant", "en": "Price, high to low"},
    "previous": {"fr": "Précédent", "en": "Previous"},
    "next": {"fr": "Suivant", "en": "Next"},
    "page": {"fr": "Page", "en": "Page"},
    "player": {"fr": "Lecteur", "en": "Player"},
    "play_preview_note": {
        "fr": "Vous écoutez un extrait. L'œuvre complète est disponible à l'achat.",
        "en": "You are playing a preview. The full work is available to buy.",
    },
    "play_full_note": {
        "fr": "Vous avez accès à l'œuvre complète.",
        "en": "You have the full work.",
    },
    "preview_badge": {"fr": "Extrait", "en": "Preview"},
    "full_badge": {"fr": "Intégral", "en": "Full"},
    "no_media": {
        "fr": "Le média de cette œuvre n'est pas encore disponible.",
        "en": "This work's media is not available yet.",
    },
    "loading_player": {"fr": "Chargement du lecteur…", "en": "Loading the player…"},
    "waveform": {
        "fr": "Forme d'onde (cliquez pour vous déplacer)",
        "en": "Waveform (click to seek)",
    },
    "downloads": {"fr": "Téléchargements", "en": "Downloads"},
    "offers": {"fr": "Acheter", "en": "Buy"},
    "offers_soon": {
        "fr": "Les offres d'achat de cette œuvre arrivent bientôt.",
        "en": "Offers for this work are coming soon.",
    },
    "languages": {"fr": "Langues", "en": "Languages"},
    "year": {"fr": "Année", "en": "Year"},
    "duration": {"fr": "Durée", "en": "Duration"},
    "identifiers": {"fr": "Identifiants", "en": "Identifiers"},
    "creator": {"fr": "Créateur", "en": "Creator"},
    "catalogue": {"fr": "Catalogue", "en": "Catalogue"},
    "links": {"fr": "Liens", "en": "Links"},
    "kind_person": {"fr": "Artiste", "en": "Artist"},
    "kind_structure": {"fr": "Structure", "en": "Organisation"},
    "not_found": {"fr": "Page introuvable", "en": "Page not found"},
    "not_found_text": {
        "fr": "Cette page n'existe pas, ou elle n'est pas publique.",
        "en": "This page does not exist, or it is not public.",
    },
    "back_home": {"fr": "Retour à l'accueil", "en": "Back to the home page"},
    "login_intro": {
        "fr": "Retrouvez votre bibliothèque et votre studio.",
        "en": "Find your library and your studio.",
    },
    "signup_intro": {
        "fr": "Un compte pour écouter, acheter ou publier vos œuvres.",
        "en": "An account to listen, buy or publish your works.",
    },
    "have_account": {"fr": "Déjà inscrit ?", "en": "Already registered?"},
    "no_account": {"fr": "Pas encore de compte ?", "en": "No account yet?"},
    "password_hint": {"fr": "10 caractères au moins.", "en": "At least 10 characters."},
    # Studio
    "studio_intro": {
        "fr": "Publiez vos œuvres, suivez leur traitement et leur diffusion.",
        "en": "Publish your works, follow their processing and their reach.",
    },
    "studio_creators_only": {
        "fr": "Le studio est réservé aux comptes créateurs.",
        "en": "The studio is for creator accounts.",
    },
    "my_works": {"fr": "Mes œuvres", "en": "My works"},
    "new_work": {"fr": "Nouvelle œuvre", "en": "New work"},
    "no_own_works": {
        "fr": "Vous n'avez pas encore d'œuvre. Créez la première !",
        "en": "You have no work yet. Create the first one!",
    },
    "create_profile": {"fr": "Créer mon profil de créateur", "en": "Create my creator profile"},
    "create_profile_intro": {
        "fr": "Votre profil présente votre travail au public : une personne ou une structure.",
        "en": "Your profile presents your work to the public: a person or an organisation.",
    },
    "name": {"fr": "Nom", "en": "Name"},
    "kind": {"fr": "Type", "en": "Kind"},
    "commune": {"fr": "Commune", "en": "Town"},
    "bio": {"fr": "Présentation", "en": "About"},
    "bio_gcf": {"fr": "Présentation en créole", "en": "About, in Creole"},
    "save": {"fr": "Enregistrer", "en": "Save"},
    "create": {"fr": "Créer", "en": "Create"},
    "title_fr": {"fr": "Titre (français)", "en": "Title (French)"},
    "title_gcf": {"fr": "Titre (créole)", "en": "Title (Creole)"},
    "title_en": {"fr": "Titre (anglais)", "en": "Title (English)"},
    "description_fr": {"fr": "Présentation (français)", "en": "Description (French)"},
    "description_gcf": {"fr": "Présentation (créole)", "en": "Description (Creole)"},
    "description_en": {"fr": "Présentation (anglais)", "en": "Description (English)"},
    "discipline": {"fr": "Discipline", "en": "Discipline"},
    "visibility": {"fr": "Visibilité", "en": "Visibility"},
    "visibility_public": {"fr": "Publique (listée)", "en": "Public (listed)"},
    "visibility_unlisted": {"fr": "Non listée (par lien)", "en": "Unlisted (by link)"},
    "visibility_private": {"fr": "Privée", "en": "Private"},
    "credit_name": {"fr": "Nom", "en": "Name"},
    "credit_role": {"fr": "Rôle", "en": "Role"},
    "status": {"fr": "État", "en": "Status"},
    "status_draft": {"fr": "Brouillon", "en": "Draft"},
    "status_processing": {"fr": "Traitement", "en": "Processing"},
    "status_published": {"fr": "Publiée", "en": "Published"},
    "status_withdrawn": {"fr": "Retirée", "en": "Withdrawn"},
    "edit": {"fr": "Modifier", "en": "Edit"},
    "view_public": {"fr": "Voir la page publique", "en": "View the public page"},
    "tab_details": {"fr": "Informations", "en": "Details"},
    "tab_media": {"fr": "Média", "en": "Media"},
    "tab_offers": {"fr": "Offres", "en": "Offers"},
    "tab_splits": {"fr": "Partage des droits", "en": "Splits"},
    "tab_publish": {"fr": "Publication", "en": "Publishing"},
    "tab_stats": {"fr": "Écoutes et ventes", "en": "Plays and sales"},
    "phase_soon": {
        "fr": "Cette section arrive avec la boutique.",
        "en": "This section comes with the shop.",
    },
    "upload_title": {"fr": "Envoyer le fichier de l'œuvre", "en": "Upload the work's file"},
    "upload_help": {
        "fr": "Audio, vidéo, image, livre ou jeu. L'envoi reprend tout seul si la connexion coupe.",
        "en": "Audio, video, image, book or game. The upload resumes by itself if the connection drops.",
    },
    "file": {"fr": "Fichier", "en": "File"},
    "media_kind": {"fr": "Type de média", "en": "Media kind"},
    "kind_audio": {"fr": "Audio", "en": "Audio"},
    "kind_video": {"fr": "Vidéo", "en": "Video"},
    "kind_image": {"fr": "Image", "en": "Image"},
    "kind_ebook": {"fr": "Livre numérique", "en": "E-book"},
    "kind_game": {"fr": "Jeu", "en": "Game"},
    "preview_window": {"fr": "Fenêtre d'extrait", "en": "Preview window"},
    "preview_start": {"fr": "Début de l'extrait (secondes)", "en": "Preview start (seconds)"},
    "preview_length": {"fr": "Durée de l'extrait (secondes)", "en": "Preview length (seconds)"},
    "send": {"fr": "Envoyer", "en": "Upload"},
    "upload_progress": {"fr": "Envoi", "en": "Upload"},
    "processing_progress": {"fr": "Traitement", "en": "Processing"},
    "uploads_so_far": {"fr": "Fichiers envoyés", "en": "Uploaded files"},
    "publish": {"fr": "Publier", "en": "Publish"},
    "withdraw": {"fr": "Retirer de la vente", "en": "Withdraw"},
    "publish_help": {
        "fr": "Une œuvre publiée et publique apparaît dans le catalogue et la recherche.",
        "en": "A published public work appears in the catalogue and in search.",
    },
    "published_notice": {"fr": "Votre œuvre est publiée.", "en": "Your work is published."},
    "withdrawn_notice": {"fr": "Votre œuvre est retirée.", "en": "Your work is withdrawn."},
    "saved_notice": {"fr": "Modifications enregistrées.", "en": "Changes saved."},
    "created_notice": {
        "fr": "Œuvre créée. Envoyez maintenant son fichier.",
        "en": "Work created. Now upload its file.",
    },
    "summary": {"fr": "Résumé", "en": "Summary"},
    "plays": {"fr": "Écoutes", "en": "Plays"},
    "sales": {"fr": "Ventes", "en": "Sales"},
    "payouts": {"fr": "Reversements", "en": "Payouts"},
    "optional": {"fr": "facultatif", "en": "optional"},
    "cover": {"fr": "Couverture", "en": "Cover"},
    "cover_image": {
        "fr": "Image de couverture (JPEG, PNG, WebP)",
        "en": "Cover image (JPEG, PNG, WebP)",
    },
    "subtitles": {"fr": "Sous-titres", "en": "Subtitles"},
    # Shop: the work's offers, cart, checkout, receipt, library
    "add_to_cart": {"fr": "Ajouter au panier", "en": "Add to cart"},
    "free_to_library": {
        "fr": "Gratuit — ajouter à ma bibliothèque",
        "en": "Free — add to my library",
    },
    "free": {"fr": "Gratuit", "en": "Free"},
    "pay_what_you_want": {"fr": "Prix libre", "en": "Pay what you want"},
    "your_price": {"fr": "Votre prix (€)", "en": "Your price (€)"},
    "minimum": {"fr": "minimum", "en": "minimum"},
    "no_minimum": {"fr": "aucun minimum", "en": "no minimum"},
    "suggested": {"fr": "prix suggéré", "en": "suggested price"},
    "bundles_with_work": {"fr": "Aussi dans ces lots", "en": "Also in these bundles"},
    "bundle": {"fr": "Lot", "en": "Bundle"},
    "works_count": {"fr": "œuvres", "en": "works"},
    "not_for_sale": {
        "fr": "Cette œuvre n'est pas encore proposée à la vente.",
        "en": "This work is not for sale yet.",
    },
    "owned_notice": {
        "fr": "Cette œuvre est dans votre bibliothèque.",
        "en": "This work is in your library.",
    },
    "go_to_library": {"fr": "Ouvrir ma bibliothèque", "en": "Open my library"},
    "login_to_buy": {
        "fr": "Connectez-vous pour acheter : l'œuvre rejoindra votre bibliothèque.",
        "en": "Log in to buy: the work will join your library.",
    },
    "own_work_offer": {
        "fr": "C'est votre œuvre : modifiez son prix dans le studio.",
        "en": "This is your work: change its price in the studio.",
    },
    "set_price": {"fr": "Fixer le prix", "en": "Set the price"},
    "digital_note": {
        "fr": "Achat unique : l'œuvre entière, en ligne et en téléchargement.",
        "en": "Bought once: the whole work, online and to download.",
    },
    "cart_title": {"fr": "Mon panier", "en": "My cart"},
    "cart_empty": {
        "fr": "Votre panier est vide. Découvrez les œuvres du catalogue !",
        "en": "Your cart is empty. Discover the catalogue's works!",
    },
    "item": {"fr": "Article", "en": "Item"},
    "amount": {"fr": "Montant", "en": "Amount"},
    "remove": {"fr": "Retirer", "en": "Remove"},
    "subtotal": {"fr": "Sous-total", "en": "Subtotal"},
    "discount_code": {"fr": "Code de réduction", "en": "Discount code"},
    "discount_hint": {
        "fr": "Plusieurs codes : séparez-les par des espaces.",
        "en": "Several codes: separate them with spaces.",
    },
    "country": {"fr": "Pays de résidence", "en": "Country of residence"},
    "country_hint": {
        "fr": "La TVA dépend de votre territoire ; elle est comprise dans les prix.",
        "en": "VAT depends on where you live; prices include it.",
    },
    "countries_territories": {"fr": "Outre-mer et France", "en": "Overseas and France"},
    "countries_eu": {"fr": "Union européenne", "en": "European Union"},
    "countries_other": {"fr": "Autres pays", "en": "Other countries"},
    "pay": {"fr": "Payer", "en": "Pay"},
    "retry": {"fr": "Réessayer", "en": "Try again"},
    "date_col": {"fr": "Date", "en": "Date"},
    "sales_mode": {"fr": "Mode de vente", "en": "How it is sold"},
    "confirm_free": {"fr": "Valider la commande", "en": "Place the order"},
    "continue_shopping": {"fr": "Continuer mes découvertes", "en": "Keep exploring"},
    "checkout_title": {"fr": "Commande", "en": "Order"},
    "receipt": {"fr": "Reçu", "en": "Receipt"},
    "net": {"fr": "Hors taxes", "en": "Net"},
    "vat": {"fr": "TVA", "en": "VAT"},
    "gross": {"fr": "TTC", "en": "Gross"},
    "discount": {"fr": "Remise", "en": "Discount"},
    "total": {"fr": "Total", "en": "Total"},
    "ordered_on": {"fr": "Commande du", "en": "Ordered on"},
    "order_status_pending": {"fr": "En attente de paiement", "en": "Awaiting payment"},
    "order_status_failed": {"fr": "Paiement refusé", "en": "Payment declined"},
    "order_status_paid": {"fr": "Payée", "en": "Paid"},
    "order_status_fulfilled": {"fr": "Livrée", "en": "Delivered"},
    "order_status_partially_refunded": {
        "fr": "Partiellement remboursée",
        "en": "Partially refunded",
    },
    "order_status_refunded": {"fr": "Remboursée", "en": "Refunded"},
    "payment": {"fr": "Paiement", "en": "Payment"},
    "test_payment_title": {
        "fr": "Paiement de test — aucun argent ne circule",
        "en": "Test payment — no money moves",
    },
    "test_payment_text": {
        "fr": "Cette installation utilise la passerelle de test : choisissez l'issue du paiement.",
        "en": "This installation uses the test gateway: choose how the payment ends.",
    },
    "simulate_success": {"fr": "Simuler un paiement accepté", "en": "Simulate an accepted payment"},
    "simulate_decline": {"fr": "Simuler un refus", "en": "Simulate a decline"},
    "card_payment": {"fr": "Payer par carte", "en": "Pay by card"},
    "stripe_note": {
        "fr": "Paiement sécurisé par Stripe : vos données de carte ne passent pas par Lakou.",
        "en": "Secure payment by Stripe: your card details never reach Lakou.",
    },
    "thanks_title": {
        "fr": "Merci ! L'œuvre est dans votre bibliothèque",
        "en": "Thank you! The work is in your library",
    },
    "thanks_text": {
        "fr": "Écoutez-la en intégralité et téléchargez-la quand vous voulez.",
        "en": "Play it in full and download it whenever you like.",
    },
    "failed_title": {"fr": "Le paiement a été refusé", "en": "The payment was declined"},
    "failed_text": {
        "fr": "Aucun montant n'a été prélevé. Vous pouvez réessayer.",
        "en": "Nothing was charged. You can try again.",
    },
    "review_notice": {
        "fr": "Ce paiement est en cours de vérification par l'équipe Lakou.",
        "en": "The Lakou team is checking this payment.",
    },
    "refunded_notice": {
        "fr": "Cette commande a été remboursée.",
        "en": "This order was refunded.",
    },
    "my_orders": {"fr": "Mes commandes", "en": "My orders"},
    "library_title": {"fr": "Ma bibliothèque", "en": "My library"},
    "library_intro": {
        "fr": "Les œuvres que vous avez achetées : écoutez-les et téléchargez-les.",
        "en": "The works you bought: play them and download them.",
    },
    "library_empty": {
        "fr": "Votre bibliothèque est vide pour l'instant.",
        "en": "Your library is empty for now.",
    },
    "listen": {"fr": "Écouter", "en": "Play"},
    "bought_on": {"fr": "Acquise le", "en": "Bought on"},
    "downloads_left": {"fr": "téléchargements restants", "en": "downloads left"},
    "no_download": {
        "fr": "Pas de fichier à télécharger pour cette œuvre.",
        "en": "No file to download for this work.",
    },
    # Studio: offers, split sheet, figures
    "offer_intro": {
        "fr": "Vendez l'œuvre à prix fixe, à prix libre (avec un minimum) ou offrez-la.",
        "en": "Sell the work at a fixed price, pay what you want (with a minimum) or give it away.",
    },
    "pricing_fixed": {"fr": "Prix fixe", "en": "Fixed price"},
    "pricing_pwyw": {"fr": "Prix libre", "en": "Pay what you want"},
    "pricing_free": {"fr": "Gratuit", "en": "Free"},
    "price_eur": {"fr": "Prix (€)", "en": "Price (€)"},
    "suggested_eur": {"fr": "Prix suggéré (€)", "en": "Suggested price (€)"},
    "minimum_eur": {"fr": "Minimum (€)", "en": "Minimum (€)"},
    "price_rules": {
        "fr": "Prix TTC, 0,50 € au moins (en dessous, les frais de carte mangent la vente).",
        "en": "VAT included, at least €0.50 (below that, card fees eat the sale).",
    },
    "current_offer": {"fr": "Offre actuelle", "en": "Current offer"},
    "no_offer": {"fr": "Pas encore en vente.", "en": "Not for sale yet."},
    "save_offer": {"fr": "Enregistrer l'offre", "en": "Save the offer"},
    "remove_offer": {"fr": "Retirer de la vente", "en": "Stop selling"},
    "splits_intro": {
        "fr": "Qui partage les revenus de cette œuvre, et pour quelle part. Le total doit faire 100 %.",
        "en": "Who shares this work's revenue, and how much. The total must be 100 %.",
    },
    "splits_default": {
        "fr": "Sans feuille enregistrée, tout revient au propriétaire de l'œuvre.",
        "en": "Without a saved sheet, everything goes to the work's owner.",
    },
    "holder_name": {"fr": "Ayant droit", "en": "Rights holder"},
    "holder_role": {"fr": "Rôle", "en": "Role"},
    "share_percent": {"fr": "Part (%)", "en": "Share (%)"},
    "payout_account": {"fr": "Compte Stripe (acct_…)", "en": "Stripe account (acct_…)"},
    "add_holder": {"fr": "+ Ajouter un ayant droit", "en": "+ Add a rights holder"},
    "save_splits": {"fr": "Enregistrer le partage", "en": "Save the splits"},
    "splits_version": {"fr": "Version", "en": "Version"},
    "gross_sales": {"fr": "Ventes TTC", "en": "Gross sales"},
    "holders_share": {"fr": "Part des ayants droit", "en": "Holders' share"},
    "paid_out": {"fr": "Déjà reversé", "en": "Paid out"},
    "balance": {"fr": "Solde à reverser", "en": "Balance due"},
    "stats_note": {
        "fr": "Écoutes : lectures signalées par le lecteur. Montants en euros, TVA comprise pour les ventes.",
        "en": "Plays: plays reported by the player. Amounts in euros, sales including VAT.",
    },
}

# Media states shown in the studio (see media.assets.domain).
ASSET_STATES: dict[str, dict[str, str]] = {
    "uploading": {"fr": "envoi en cours", "en": "uploading"},
    "uploaded": {"fr": "envoyé, en attente", "en": "uploaded, waiting"},
    "processing": {"fr": "en traitement", "en": "processing"},
    "ready": {"fr": "prêt", "en": "ready"},
    "rejected": {"fr": "refusé", "en": "rejected"},
    "failed": {"fr": "échec", "en": "failed"},
    "aborted": {"fr": "abandonné", "en": "aborted"},
}


def interface_language(request: Request[Any, Any, Any]) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "fr"
    return asked if asked in INTERFACE_LANGUAGES else "fr"


def translator(lang: str) -> dict[str, str]:
    return {key: texts[lang] for key, texts in STRINGS.items()}


def asset_state(status: str, lang: str) -> str:
    return ASSET_STATES.get(status, {}).get(lang, status)


def format_money(cents: int, lang: str) -> str:
    """8,00 € in French, €8.00 in English (integer cents, no float)."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(int(cents)), 100)
    if lang == "fr":
        grouped = f"{units:,}".replace(",", "\u202f")
        return f"{sign}{grouped},{rest:02d} €"
    return f"{sign}€{units:,}.{rest:02d}"


def format_rate(basis_points: int, lang: str) -> str:
    """A VAT rate: 8,5 % in French, 8.5% in English."""
    whole, rest = divmod(int(basis_points), 100)
    text = str(whole) if rest == 0 else f"{whole}.{rest:02d}".rstrip("0")
    return f"{text.replace('.', ',')} %" if lang == "fr" else f"{text}%"
