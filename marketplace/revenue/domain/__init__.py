"""The revenue context's pure rules: money arithmetic, split sheets, allocation, payouts."""
