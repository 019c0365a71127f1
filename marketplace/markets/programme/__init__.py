"""A market's programme: rooms, sessions, the personal agenda and premieres (issue 13)."""
