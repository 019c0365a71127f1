"""The core modules, in no particular order: the composition root orders them by dependency.

Adding a core context is its folder, its `module.py`, and one line here.
"""

from __future__ import annotations

from accounts.apikeys.module import MODULE as APIKEYS
from accounts.audit.module import MODULE as AUDIT
from accounts.module import MODULE as ACCOUNTS
from accounts.notifications.module import MODULE as NOTIFICATIONS
from accounts.organisations.module import MODULE as ORGANISATIONS
from accounts.privacy.module import MODULE as PRIVACY
from calls.module import MODULE as CALLS
from infra.events import tables as event_tables
from infra.modules import ModuleSpec
from marketplace.activity.module import MODULE as ACTIVITY
from marketplace.catalogue.module import MODULE as CATALOGUE
from marketplace.documents.module import MODULE as DOCUMENTS
from marketplace.embeds.module import MODULE as EMBEDS
from marketplace.imports.module import MODULE as IMPORTS
from marketplace.indicators.module import MODULE as INDICATORS
from marketplace.licensing.module import MODULE as LICENSING
from marketplace.markets.module import MODULE as MARKETS
from marketplace.moderation.module import MODULE as MODERATION
from marketplace.offers.module import MODULE as OFFERS
from marketplace.orders.module import MODULE as ORDERS
from marketplace.partners.module import MODULE as PARTNERS
from marketplace.payments.module import MODULE as PAYMENTS
from marketplace.revenue.module import MODULE as REVENUE
from marketplace.screeners.module import MODULE as SCREENERS
from marketplace.studio.module import MODULE as STUDIO
from marketplace.webhooks.module import MODULE as WEBHOOKS
from media.module import MODULE as MEDIA
from scheduling.module import MODULE as SCHEDULING
from search.module import MODULE as SEARCH

# The platform's own tables (the outbox and the consumers' ledger) come first.
EVENTS = ModuleSpec(
    name="events",
    package="infra.events",
    description="the transactional outbox and the consumers' handled-event ledger",
    tables=event_tables.TABLES,
    migrations=event_tables.MIGRATIONS,
)

CORE_MODULES: tuple[ModuleSpec, ...] = (
    EVENTS,
    ACCOUNTS,
    NOTIFICATIONS,
    ORGANISATIONS,
    AUDIT,
    APIKEYS,
    PRIVACY,
    CALLS,
    SCHEDULING,
    CATALOGUE,
    ACTIVITY,
    MEDIA,
    IMPORTS,
    OFFERS,
    ORDERS,
    DOCUMENTS,
    PAYMENTS,
    REVENUE,
    STUDIO,
    SEARCH,
    MARKETS,
    MODERATION,
    EMBEDS,
    SCREENERS,
    INDICATORS,
    LICENSING,
    PARTNERS,
    WEBHOOKS,
)
