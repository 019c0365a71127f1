"""The VIES client (the Commission's REST API): one POST per number. Any failure to get an
answer (refused, timed out, a 5xx, a body not in VIES's shape) is "unreachable", never an
error for the partner: the invoice records that VIES did not answer."""

from __future__ import annotations

import logging

import httpx

from marketplace.licensing.invoicing.vat_numbers import ViesAnswer, ViesReply

log = logging.getLogger("lakou.licensing.vies")


class ViesClient:
    def __init__(self, url: str, timeout_ms: int) -> None:
        self._url = url
        self._timeout = timeout_ms / 1000

    async def check(self, country: str, number: str) -> ViesReply:
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.post(
                    self._url, json={"countryCode": country, "vatNumber": number}
                )
            response.raise_for_status()
            body = response.json()
            valid = body["valid"]
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as failed:
            log.warning("VIES did not answer for %s%s: %s", country, number, failed)
            return ViesReply(ViesAnswer.UNREACHABLE)
        if not isinstance(valid, bool):
            return ViesReply(ViesAnswer.UNREACHABLE)
        name = body.get("name") if isinstance(body.get("name"), str) else ""
        return ViesReply(ViesAnswer.VALID if valid else ViesAnswer.INVALID, name or "")
