"""Revenue: split sheets, the ledger of every sale's cents, payouts to rights holders, statements."""
