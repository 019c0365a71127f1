"""Rights holders' own Stripe Connect (Express) accounts: onboarding by account links, the
account's state as Stripe reports it, and which holders a payout run may pay."""
