"""Bulk catalogue import: one manifest (CSV or JSON) describes many works, each with its file."""
