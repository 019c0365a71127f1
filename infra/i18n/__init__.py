"""Interface languages: gettext catalogues per module, the language each request asked for,
and numbers, money and dates formatted by Babel (CLDR).

French is the source language; English, Spanish and Martinican Creole are catalogues. Nothing
here knows a context: each module declares its own `locale/` folder in its spec.
"""
