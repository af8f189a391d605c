"""`folio keys list|add|promote|retire`: the signing key ring, changed where every server
reads it (the database, or SIGNING_KEYS_FILE). Servers pick a change up within
SIGNING_KEYS_REFRESH_SECONDS; nothing restarts."""

import argparse
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime

from application.errors import KeyChangeRefused
from application.signing_keys import from_then_on
from application.use_cases.keys.list_signing_keys import SigningKeyView
from entrypoints.composition.container import Container
from entrypoints.composition.settings import Settings

EXIT_FAILED = 1
Action = Callable[[Container, argparse.Namespace], Awaitable[None]]
Runner = Callable[[Callable[[Container], Awaitable[None]]], int]  # the exit code


def add_keys_command(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]", run_with_container: Runner
) -> None:
    """`run_with_container`: how the command line runs an action on a started container."""
    p = commands.add_parser(
        "keys",
        help="list, add, promote or retire the keys that sign access tokens",
        description="The signing key ring. A key is added published and signing nothing; "
        "promoted once verifiers have fetched it (SIGNING_KEY_PROMOTION_DELAY_SECONDS), the "
        "key it replaces then verifies the tokens it signed; retired once they have expired, "
        "its tokens are refused. --now skips either wait.",
    )
    actions = p.add_subparsers(required=True, metavar="ACTION", help="list, add, promote or retire")
    listing = actions.add_parser("list", help="every key, its state and its next step")
    listing.set_defaults(run=lambda args: _keys(run_with_container, _list, args))
    adding = actions.add_parser("add", help="a new key: published now, signing nothing yet")
    adding.set_defaults(run=lambda args: _keys(run_with_container, _add, args))
    for name, change, what in (
        ("promote", _promote, "make KID the key that signs new tokens"),
        ("retire", _retire, "unpublish KID: tokens it signed are refused"),
    ):
        action = actions.add_parser(name, help=what)
        action.add_argument("kid", metavar="KID", help="the key's id, as `folio keys list` shows")
        action.add_argument("--now", action="store_true", help="without waiting (see above)")
        action.set_defaults(run=lambda args, change=change: _keys(run_with_container, change, args))


def _keys(run_with_container: Runner, action: Action, args: argparse.Namespace) -> int:
    settings = Settings()
    if settings.storage_backend == "memory" and settings.signing_keys_file is None:
        print(
            "folio: with DATABASE_URL=memory:// the key ring lives inside the server's process; "
            "set SIGNING_KEYS_FILE to keep it where this command can change it.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    try:
        return run_with_container(lambda container: action(container, args))
    except KeyChangeRefused as e:
        print(f"folio: {e}", file=sys.stderr)
        return EXIT_FAILED


async def _list(container: Container, _: argparse.Namespace) -> None:
    views = await container.list_signing_keys()()
    print(f"{'KID':<44}  {'STATE':<8}  {'CREATED (UTC)':<20}  {'ACTIVATED (UTC)':<20}  NEXT STEP")
    for view in views:
        key = view.key
        print(
            f"{key.kid:<44}  {key.state.value:<8}  {_when(key.created_at):<20}  "
            f"{_when(key.activated_at):<20}  {_next_step(view)}"
        )


async def _add(container: Container, _: argparse.Namespace) -> None:
    key = await container.add_signing_key()()
    ready = from_then_on(container.key_policy().promotable_at(key))
    print(f"Added key {key.kid}: published, signing nothing yet.")
    print(f"Promote it from {ready} on: folio keys promote {key.kid}")


async def _promote(container: Container, args: argparse.Namespace) -> None:
    key = await container.promote_signing_key()(args.kid, at_once=args.now)
    print(f"Key {key.kid} signs new tokens from now on (every server within seconds).")


async def _retire(container: Container, args: argparse.Namespace) -> None:
    key = await container.retire_signing_key()(args.kid, at_once=args.now)
    print(f"Key {key.kid} is retired: unpublished, and tokens it signed are refused.")


def _next_step(view: SigningKeyView) -> str:
    if view.promotable_at is not None:
        return f"promote from {from_then_on(view.promotable_at)}"
    if view.retirable_at is not None:
        return f"retire from {from_then_on(view.retirable_at)}"
    return "-"


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")
