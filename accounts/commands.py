"""`lakou createuser`: an operator makes an account of any role (the first staff account)."""

from __future__ import annotations

import asyncio
import getpass
import sys
from uuid import UUID

import click

from accounts.audit.port import AuditTrail
from accounts.domain import Role
from accounts.service import IdentityService
from infra.errors import AppError
from infra.services import ServiceLookup


@click.command(help="Create an account of any role (staff included).")
@click.option("--email", required=True)
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default="staff",
    show_default=True,
)
@click.option("--display-name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def createuser(
    services: ServiceLookup, email: str, role: str, display_name: str, password_stdin: bool
) -> None:
    password = (
        sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("Password: ")
    )
    identity = services.get(IdentityService)
    audit: AuditTrail = services.get(AuditTrail)  # type: ignore[type-abstract]

    async def create() -> UUID:
        user_id = await identity.create_user(email, password, display_name, Role(role))
        # An operator's act, not a person's: no actor, the role granted kept for the record.
        await audit.record(
            actor_id=None,
            action="user.created",
            object_type="user",
            object_id=str(user_id),
            after={"role": role},
        )
        return user_id

    try:
        user_id = asyncio.run(create())
    except AppError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"created {role} account {email} ({user_id})")
