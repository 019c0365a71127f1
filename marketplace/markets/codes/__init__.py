"""Stand codes: single-use download codes an exhibitor prints and sells at the physical stand."""
