"""Calls: deadlines, forms, reviewers and decisions (market entries, later calls for projects)."""
