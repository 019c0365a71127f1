"""The Stripe adapter of the payment port: the only package that imports the stripe SDK.

Build it in the composition root with `StripeGateway.from_settings(settings.payment)`.
"""

from marketplace.payments.stripe.client import RetryPolicy, StripeApi, Timeouts
from marketplace.payments.stripe.gateway import StripeGateway

__all__ = ["RetryPolicy", "StripeApi", "StripeGateway", "Timeouts"]
