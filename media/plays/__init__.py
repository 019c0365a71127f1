"""Plays that count (issue 18): the play protocol, its rules, and the plays' read model."""
