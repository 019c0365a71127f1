"""Backups: a consistent archive of the database, the object storage and the settings.

Generic on purpose: the engines are driven by their own tools (pg_dump, SQLite's online backup
API) and the objects come through `BackupObjects`, a port this package owns; `lakou/backup.py`
adapts the media storage to it and runs the commands (docs/decisions.md, "Backups").
"""
