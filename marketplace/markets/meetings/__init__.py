"""Meetings at a market: professionals ask stands for one-to-one meetings at their tables."""
