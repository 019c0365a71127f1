"""`lakou import-catalogue`: send a whole catalogue to a Lakou server from a manifest."""

from __future__ import annotations

import sys
from uuid import UUID

import click

from marketplace.imports.client import command


@click.command("import-catalogue")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False))
@click.option("--server", default="http://127.0.0.1:8000", show_default=True)
@click.option("--email", help="Your account (the password is asked, or see --password-stdin).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--token", envvar="LAKOU_API_TOKEN", help="An API token instead of a login.")
@click.option("--creator-id", required=True, type=click.UUID, help="The works' creator profile.")
@click.option("--format", "manifest_format", type=click.Choice(["csv", "json"]), default=None)
@click.option("--timeout", type=float, default=3600.0, show_default=True, help="Seconds to wait.")
@click.option("--fresh", is_flag=True, help="A new import even if this manifest was sent before.")
def import_catalogue(
    manifest: str,
    server: str,
    email: str | None,
    password_stdin: bool,
    token: str | None,
    creator_id: UUID,
    manifest_format: str | None,
    timeout: float,
    fresh: bool,
) -> None:
    """Import a catalogue: a manifest (CSV or JSON, one work per row) and the files beside it.

    Sends every file with a progress bar, follows processing, prints each row's status; exits
    with 1 unless every valid row ended ready. Running it again resumes the same import.
    """
    sys.exit(
        command(
            manifest,
            server,
            email,
            password_stdin,
            token,
            creator_id,
            manifest_format,
            timeout,
            fresh,
        )
    )
