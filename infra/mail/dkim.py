"""DKIM signatures (RFC 6376) with dkimpy, so receivers can tell Lakou's mail from forgeries.

The operator publishes the public key as a TXT record at `<selector>._domainkey.<domain>`
(`DkimSigner.dns_name`); see docs/decisions.md, Mail.
"""

from __future__ import annotations

import re

import dkim
from dkim.crypto import parse_pem_private_key

# The headers a forger must not change; a header listed but absent is signed as absent, so
# adding it later breaks the signature too (List-Unsubscribe on a transactional mail).
SIGNED_HEADERS = (
    b"From",
    b"To",
    b"Subject",
    b"Date",
    b"Message-ID",
    b"List-Unsubscribe",
    b"List-Unsubscribe-Post",
    b"MIME-Version",
    b"Content-Type",
)

_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")


class DkimSetupError(ValueError):
    """The selector, the domain or the key cannot be used; `part` says which."""

    def __init__(self, part: str, message: str) -> None:
        super().__init__(message)
        self.part = part


class DkimSigner:
    def __init__(self, selector: str, domain: str, private_key_pem: bytes) -> None:
        """Raises `DkimSetupError` when the selector, domain or key cannot be used."""
        if not all(_LABEL.fullmatch(label) for label in selector.split(".")):
            raise DkimSetupError("selector", f"{selector!r} is not a DKIM selector")
        if not all(_LABEL.fullmatch(label) for label in domain.split(".")):
            raise DkimSetupError("domain", f"{domain!r} is not a domain name")
        try:
            parse_pem_private_key(private_key_pem)
        except Exception as error:  # dkimpy raises several kinds for a bad key.
            raise DkimSetupError("key", f"not a PEM RSA private key ({error})") from None
        self.selector = selector
        self.domain = domain
        self._key = private_key_pem

    def __repr__(self) -> str:
        return f"DkimSigner(selector={self.selector!r}, domain={self.domain!r})"

    @property
    def dns_name(self) -> str:
        """Where the public key is published (a TXT record)."""
        return f"{self.selector}._domainkey.{self.domain}"

    def sign(self, message: bytes) -> bytes:
        """`message` with a DKIM-Signature header prepended (relaxed/relaxed, rsa-sha256)."""
        signature: bytes = dkim.sign(
            message,
            self.selector.encode(),
            self.domain.encode(),
            self._key,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=list(SIGNED_HEADERS),
        )
        return signature + message
