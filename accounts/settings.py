"""The accounts module's settings, read once at start-up from `LAKOU_*` variables."""

from __future__ import annotations

from dataclasses import dataclass

from infra.settings import SettingsReader


@dataclass(frozen=True)
class AccountSettings:
    # Staff without a second factor are sent to enrol before anything else.
    require_totp_for_staff: bool = False
    # Sign-ups, password-reset and address-check mails asked per client address and window.
    mail_requests_per_window: int = 10
    mail_window_s: int = 3600

    @classmethod
    def read(cls, reader: SettingsReader) -> AccountSettings:
        return cls(
            require_totp_for_staff=reader.boolean("LAKOU_REQUIRE_TOTP_FOR_STAFF", False),
            mail_requests_per_window=reader.integer(
                "LAKOU_ACCOUNT_MAILS_PER_WINDOW", cls.mail_requests_per_window, minimum=1
            ),
            mail_window_s=reader.integer(
                "LAKOU_ACCOUNT_MAIL_WINDOW_S", cls.mail_window_s, minimum=1
            ),
        )
