"""The indicators' pure domain: periods, countries, the fold and the published aggregates.

No framework, SDK or database here (import-linter's "pure domain" contract): the live
consumers and `lakou indicators rebuild` both call the same functions.
"""
