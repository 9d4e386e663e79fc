"""`satark serve` (the monitoring desk), `satark users` (accounts and roles) and `satark tokens` (API tokens)."""

from __future__ import annotations

import ipaddress
import sys
from datetime import UTC, datetime

import click

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import err_console, out_console
from store.accounts import ROLES, AccountError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1: this machine only).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@pass_app
def serve_command(app: AppContext, host: str | None, port: int | None) -> None:
    """Run the monitoring desk (web pages and the JSON API under /api/v1) until interrupted.

    \b
    Create an account first:  satark users add asha --role reviewer
    Then open http://127.0.0.1:8000/ and log in.
    """
    import uvicorn

    from web.app import create_app

    settings = app.settings(web={"host": host, "port": port})
    web = settings.web
    satark = app.app()
    if not satark.store.accounts.users():
        err_console.print("satark: no desk accounts yet; create one with `satark users add NAME --role admin`")
    if not _is_loopback(web.host) and not web.behind_tls_proxy:
        err_console.print(f"satark: warning: the desk listens on {web.host} without TLS: passwords and session "
                          "cookies cross the network in clear text. Put a TLS proxy in front and set "
                          "web.behind_tls_proxy: true.")
    err_console.print(f"satark: the desk is at http://{web.host}:{web.port}/ (Ctrl+C stops it)")
    uvicorn.run(create_app(satark, web), host=web.host, port=web.port, log_level="warning",
                proxy_headers=web.behind_tls_proxy)


@click.group("users")
def users_group() -> None:
    """Desk accounts: add, list, disable, enable, change role or password."""


def _password(given_stdin: bool) -> str:
    if given_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@pass_app
def users_add(app: AppContext, name: str, role: str, password_stdin: bool) -> None:
    """Add an account NAME (asks for its password twice)."""
    try:
        user = app.app().store.accounts.add_user(name, _password(password_stdin), role)
    except AccountError as exc:
        raise SatarkCliError(str(exc)) from exc
    click.echo(f"added {user.name} ({user.role})")


@users_group.command("list")
@pass_app
def users_list(app: AppContext) -> None:
    """Every account with its role and state."""
    for user in app.app().store.accounts.users():
        state = "active" if user.active else "disabled"
        click.echo(f"{user.name}\t{user.role}\t{state}\t{user.ui_language}\tsince {user.created_at:%Y-%m-%d}")


def _change(app: AppContext, action: str, name: str, value: object) -> None:
    accounts = app.app().store.accounts
    try:
        user = {"role": accounts.set_role, "active": accounts.set_active, "password": accounts.set_password}[action](
            name, value)  # type: ignore[operator]
    except AccountError as exc:
        raise SatarkCliError(str(exc)) from exc
    click.echo(f"{user.name}: {user.role}, {'active' if user.active else 'disabled'}")


@users_group.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@pass_app
def users_set_role(app: AppContext, name: str, role: str) -> None:
    """Give NAME the ROLE (viewer < reviewer < analyst < admin)."""
    _change(app, "role", name, role)


@users_group.command("disable")
@click.argument("name")
@pass_app
def users_disable(app: AppContext, name: str) -> None:
    """Disable NAME: its sessions end at once and its API tokens stop working."""
    _change(app, "active", name, False)


@users_group.command("enable")
@click.argument("name")
@pass_app
def users_enable(app: AppContext, name: str) -> None:
    """Enable NAME again (and lift a lockout)."""
    _change(app, "active", name, True)


@users_group.command("set-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@pass_app
def users_set_password(app: AppContext, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME."""
    _change(app, "password", name, _password(password_stdin))


@click.group("tokens")
def tokens_group() -> None:
    """API tokens for scripts (`Authorization: Bearer <token>`): create, list, revoke."""


@tokens_group.command("create")
@click.argument("user")
@click.option("--label", default="script", show_default=True, help="What the token is for.")
@pass_app
def tokens_create(app: AppContext, user: str, label: str) -> None:
    """A new token acting as USER (with USER's role). It is shown once: only its hash is kept."""
    try:
        token, secret = app.app().store.accounts.create_token(user, label)
    except AccountError as exc:
        raise SatarkCliError(str(exc)) from exc
    err_console.print(f"token {token.id} for {token.user_name} ({token.label}); keep it now, it is not shown again:")
    out_console.print(secret, highlight=False)


@tokens_group.command("list")
@click.option("--user", default=None, help="Only this user's tokens.")
@pass_app
def tokens_list(app: AppContext, user: str | None) -> None:
    """Every token (never the secret): id, user, label, created, last used, revoked."""
    for token in app.app().store.accounts.tokens(user):
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
        revoked = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "live"
        click.echo(f"{token.id}\t{token.user_name}\t{token.label}\t{token.created_at:%Y-%m-%d}\t{used}\t{revoked}")


@tokens_group.command("revoke")
@click.argument("token_id", type=int)
@pass_app
def tokens_revoke(app: AppContext, token_id: int) -> None:
    """Revoke token TOKEN_ID (as `satark tokens list` shows it): it stops working at once."""
    try:
        token = app.app().store.accounts.revoke_token(token_id, now=datetime.now(UTC))
    except AccountError as exc:
        raise SatarkCliError(str(exc)) from exc
    click.echo(f"token {token.id} of {token.user_name} revoked")
