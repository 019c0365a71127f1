"""The example client in docs/ checks Lakou's webhook signatures as the reference does."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType
from uuid import uuid4

import pytest
from standardwebhooks.webhooks import Webhook

from marketplace.webhooks.domain import headers, new_secret

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "partner_client.py"


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("partner_client", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_and_the_reference_accept_lakous_signature_and_refuse_a_changed_body() -> None:
    example = _example()
    secret = new_secret()
    body = (
        '{"data":{"work_id":"1"},"timestamp":"2026-12-07T10:00:00+00:00","type":"work.published"}'
    )
    sent = headers((secret,), f"msg_{uuid4().hex}", int(time.time()), body)
    assert example.verify_webhook(secret, sent, body.encode())["type"] == "work.published"
    assert Webhook(secret).verify(body, sent)["type"] == "work.published"
    with pytest.raises(example.InvalidSignature):
        example.verify_webhook(secret, sent, body.replace('"1"', '"2"').encode())
    with pytest.raises(example.InvalidSignature):
        example.verify_webhook(new_secret(), sent, body.encode())
    stale = headers((secret,), "msg_1", int(time.time()) - 3600, body)
    with pytest.raises(example.InvalidSignature, match="timestamp"):
        example.verify_webhook(secret, stale, body.encode())


def test_during_a_secret_rotation_either_secret_verifies_with_the_example_and_the_reference() -> (
    None
):
    example = _example()
    new, old = new_secret(), new_secret()
    body = '{"data":{"market_id":"1"},"type":"market.opened"}'
    sent = headers((new, old), f"msg_{uuid4().hex}", int(time.time()), body)
    assert len(sent["webhook-signature"].split(" ")) == 2
    for secret in (new, old):
        assert example.verify_webhook(secret, sent, body.encode())["type"] == "market.opened"
        assert Webhook(secret).verify(body, sent)["type"] == "market.opened"
    with pytest.raises(example.InvalidSignature):
        example.verify_webhook(new_secret(), sent, body.encode())
