"""A market's visuals: its poster and its banner, uploaded by its managers."""
