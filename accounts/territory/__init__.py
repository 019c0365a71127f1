"""Martinique's territory: its 34 communes (INSEE codes) and the three EPCI grouping them.

Data only, read from `communes.json` (taken once from `@etalab/decoupage-administratif`, see
its `source` header). Other contexts store a commune as its INSEE code and show its name from
here; `find` turns the free text people type into a code when it names a commune.
"""

from accounts.territory.registry import Commune, Epci, by_code, communes, epcis, find

__all__ = ["Commune", "Epci", "by_code", "communes", "epcis", "find"]
