"""What the accounts module tells people (`infra.notifications`): the kinds and their wording.

The links in these mails are secrets: every kind carrying one is mail-only (`in_app=False`).
"""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

VERIFY_EMAIL = NotificationKind(
    name="accounts.verify_email",
    subject=N_("Confirmez votre adresse e-mail"),
    template="identity/mail/verify_email",
    transactional=True,
    in_app=False,
    description=N_("Le lien qui confirme votre adresse e-mail."),
)
PASSWORD_RESET = NotificationKind(
    name="accounts.password_reset",
    subject=N_("Choisir un nouveau mot de passe"),
    template="identity/mail/password_reset",
    transactional=True,
    in_app=False,
    description=N_("Le lien pour choisir un nouveau mot de passe."),
)
EMAIL_CHANGE = NotificationKind(
    name="accounts.email_change",
    subject=N_("Confirmez votre nouvelle adresse e-mail"),
    template="identity/mail/email_change",
    transactional=True,
    in_app=False,
    description=N_("Le lien qui confirme une nouvelle adresse, et l'avis envoyé à l'ancienne."),
)
EMAIL_CHANGE_NOTICE = NotificationKind(
    name="accounts.email_change_notice",
    subject=N_("Changement d'adresse e-mail demandé"),
    template="identity/mail/email_change_notice",
    transactional=True,
    in_app=False,
    description=N_("L'avis envoyé à l'ancienne adresse quand une autre est demandée."),
)
PASSWORD_CHANGED = NotificationKind(
    name="accounts.password_changed",
    subject=N_("Votre mot de passe a été changé"),
    template="identity/mail/password_changed",
    transactional=True,
    in_app=True,
    description=N_("L'avis qu'un nouveau mot de passe a été choisi."),
)

KINDS = (VERIFY_EMAIL, PASSWORD_RESET, EMAIL_CHANGE, EMAIL_CHANGE_NOTICE, PASSWORD_CHANGED)
