"""`folio`: the command line, an inbound adapter on the same container as the HTTP API."""

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable, Sequence

from pydantic import ValidationError
from tqdm import tqdm

from application.use_cases.auth.register_user import Registration
from domain.errors import AlreadyExists, DomainError, InvalidInput
from entrypoints.cli.keys import add_keys_command
from entrypoints.cli.seed import Seeder, rows_to_seed
from entrypoints.composition import lifecycle
from entrypoints.composition.container import Container
from entrypoints.composition.migrate import check_schema, migrate
from entrypoints.composition.settings import Settings
from entrypoints.host import serving, startup
from entrypoints.version import VERSION
from entrypoints.web.logging import configure_logging

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        try:
            return int(args.run(args))
        except ValidationError as e:
            raise startup.settings_problem(e) from None
        except lifecycle.SchemaOutdated as e:
            raise startup.StartupProblem([str(e)], startup.EXIT_SCHEMA) from None
        except (InvalidInput, DomainError):
            raise
        except Exception as e:
            problem = startup.storage_problem(e, Settings().database_url)
            if problem is None:
                raise
            raise problem from None
    except startup.StartupProblem as e:
        for line in e.lines:
            print(f"folio: {line}", file=sys.stderr)
        return e.exit_code
    except InvalidInput as e:
        print(f"folio: {e.message}", file=sys.stderr)
        return EXIT_USAGE
    except DomainError as e:
        print(f"folio: {e}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


def serve(args: argparse.Namespace) -> int:
    settings = Settings()
    startup.check_server(settings)
    _warn(startup.warnings(settings))
    if settings.storage_backend == "memory" and (args.workers > 1 or args.reload):
        print(
            "folio: memory:// keeps data inside one process; use one worker without --reload.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.workers > 1 and settings.live_enabled and settings.redis_url is None:
        _warn(
            [
                "with several workers, live updates reach every process only through Redis; "
                "set REDIS_URL."
            ]
        )
    if settings.storage_backend == "sql" and not settings.is_embedded_sqlite:
        asyncio.run(check_schema(settings))
    serving.serve(
        settings,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        reload=args.reload,
    )
    return EXIT_OK


def worker(_: argparse.Namespace) -> int:
    settings = Settings()
    startup.check_signing_secret(settings)
    startup.check_tracing()
    _warn(startup.warnings(settings))
    if settings.storage_backend == "memory":
        print(
            "folio: memory:// lives inside one process; `folio serve` runs its worker itself.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    configure_logging(settings.log_level, settings.effective_log_format)
    return _with_container(serving.run_worker, long_running=True)


def outbox(args: argparse.Namespace) -> int:
    async def run(container: Container) -> None:
        queue, now = container.outbox_queue(), container.clock().now()
        if args.action == "retry":
            revived = await queue.revive_dead(now)
            print(
                f"{counted(revived, 'dead event')} {'is' if revived == 1 else 'are'} pending again."
            )
            return
        stats = await queue.stats()
        oldest = (
            f" (oldest {(now - stats.oldest_pending_at).total_seconds():.0f} s old)"
            if stats.oldest_pending_at
            else ""
        )
        print(f"pending: {stats.pending}{oldest}")
        print(f"dead: {stats.dead}")
        for dead in await queue.dead(limit=args.limit):
            print(
                f"  {dead.event_id}  {dead.kind}  {dead.occurred_at.isoformat()}  "
                f"attempts={dead.attempts}  {dead.last_error}"
            )
        if stats.dead:
            print("`folio outbox retry` makes every dead event pending again.")

    if Settings().storage_backend == "memory":
        print("folio: memory:// keeps its outbox inside the serving process.", file=sys.stderr)
        return EXIT_USAGE
    return _with_container(run)


def mail(args: argparse.Namespace) -> int:
    if args.limit < 1:
        print("folio: --limit must be at least 1.", file=sys.stderr)
        return EXIT_USAGE
    inbox = Container().mail_inbox()
    if inbox is None:
        print(
            "folio: there is no development inbox: mail is kept to be read only with "
            "APP_ENV=development and no SMTP_URL.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    sent = asyncio.run(inbox.latest(args.limit, to=args.to))
    if not sent:
        print("No mail yet.")
    for each in sent:
        print(f"Date: {each.sent_at.isoformat()}\nTo: {each.to}\nSubject: {each.subject}\n")
        print(each.text.rstrip("\n"), end="\n\n")
    return EXIT_OK


def run_migrations(_: argparse.Namespace) -> int:
    settings = Settings()
    if settings.storage_backend == "memory":
        print("memory:// has no schema to migrate.")
        return EXIT_OK
    asyncio.run(migrate(settings))
    print("The database schema is at the latest migration.")
    return EXIT_OK


def create_admin(args: argparse.Namespace) -> int:
    password = _read_new_password()
    if password is None:
        return EXIT_USAGE

    async def create(container: Container) -> None:
        account = await container.create_admin()(Registration(args.email, args.username, password))
        print(f"Created admin {account.username} <{account.email}>.")

    return _with_container(create)


def seed(args: argparse.Namespace) -> int:
    async def run(container: Container) -> None:
        hasher, clock = container.password_hasher(), container.clock()
        total = rows_to_seed(args.users, args.posts)
        with tqdm(total=total, unit="row", file=sys.stderr) as bar:
            seeder = Seeder(
                container.unit_of_work,
                password_hash=await hasher.hash(args.password),
                now=clock.now(),
                seed=args.seed,
                progress=bar.update,
            )
            users = await seeder.users(args.users)
            posts = await seeder.posts(users, args.posts)
            await seeder.relations(users, posts)
        users_and_posts = f"{counted(args.users, 'user')} and {counted(args.posts, 'post')}"
        print(f"Seeded {users_and_posts}; every password is {args.password!r}.")

    if args.users < 1 or args.posts < 0:
        print("folio: --users must be at least 1 and --posts not negative.", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _with_container(run)
    except AlreadyExists as e:
        print(
            f"folio: {e} This database already holds users seeded with --seed {args.seed}: "
            "seed with another --seed, or into an empty database.",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"folio: warning: {warning}", file=sys.stderr)


def counted(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def _with_container(
    action: Callable[[Container], Awaitable[None]], *, long_running: bool = False
) -> int:
    async def run() -> None:
        container = Container()
        await lifecycle.start(container, long_running=long_running)
        try:
            await action(container)
        finally:
            await lifecycle.stop(container)

    asyncio.run(run())
    return EXIT_OK


def _read_new_password() -> str | None:
    if not sys.stdin.isatty():
        # Only the line break is removed: passwords are never trimmed.
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        print("folio: the passwords do not match.", file=sys.stderr)
        return None
    return first


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="folio", description="Folio: users and posts.")
    parser.add_argument("--version", action="version", version=f"folio {VERSION}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    p = commands.add_parser(
        "serve",
        help="run the HTTP API",
        description="Serve the HTTP API (v1, Conduit, live updates) with uvicorn. With SQLite "
        "the schema is migrated first and background work runs in the server; with "
        "PostgreSQL run `folio migrate` first and `folio worker` beside it.",
    )
    p.add_argument("--host", help="interface to listen on (default: HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: PORT or 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    p.set_defaults(run=serve)

    p = commands.add_parser(
        "worker",
        help="run background work (mail, notifications) until SIGTERM or Ctrl-C",
        description="Run the outbox worker: mail and live updates recorded by the API are "
        "done here. Needed beside `folio serve` with PostgreSQL; several may run at once. "
        "Stops after the event in hand on SIGTERM or Ctrl-C.",
    )
    p.set_defaults(run=worker)

    p = commands.add_parser(
        "outbox",
        help="show pending and dead background work, or retry the dead",
        description="Show how much background work is pending (and how old the oldest is) "
        "and which events failed for good, or make those pending again.",
    )
    p.add_argument(
        "action",
        nargs="?",
        choices=["status", "retry"],
        default="status",
        help="status (default): counts and dead events; retry: make dead events pending",
    )
    p.add_argument("--limit", type=int, default=20, help="dead events to list (default: 20)")
    p.set_defaults(run=outbox)

    p = commands.add_parser(
        "mail",
        help="read the mail sent in development, newest first",
        description="Print the mail a development server (or worker) sent, newest first, "
        "whole: the tokens of password resets and e-mail verifications are in it. Kept only "
        "with APP_ENV=development and no SMTP_URL, the last 50, in DATA_DIR/mail.",
    )
    p.add_argument(
        "action", nargs="?", choices=["list"], default="list", help="list (the only one)"
    )
    p.add_argument("--to", help="only mail to this address")
    p.add_argument("--limit", type=int, default=5, help="how many mails (default: 5)")
    p.set_defaults(run=mail)

    p = commands.add_parser(
        "migrate",
        help="bring DATABASE_URL's schema to the latest migration",
        description="Bring the schema of the database at DATABASE_URL to the latest migration. "
        "Safe to run again: an up-to-date schema is left as it is.",
    )
    p.set_defaults(run=run_migrations)

    p = commands.add_parser(
        "create-admin",
        help="create an admin account; the password is read from stdin, or asked for twice",
        description="Create an admin account. The password is read from standard input when "
        "it is piped (one line, kept as it is), else asked for twice without echo.",
    )
    p.add_argument("--email", required=True, help="the admin's e-mail address")
    p.add_argument("--username", required=True, help="the admin's user name")
    p.set_defaults(run=create_admin)

    p = commands.add_parser(
        "seed",
        help="fill the database with realistic fake data",
        description="Fill the database with fake users, posts, tags, follows, favorites and "
        "comments, for trying the API or measuring it.",
    )
    p.add_argument("--users", type=int, default=100, help="users to create (default: 100)")
    p.add_argument("--posts", type=int, default=1000, help="posts to create (default: 1000)")
    p.add_argument(
        "--password",
        default="password123",
        help="password of every seeded user (default: password123)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        help="random seed: the same seed makes the same users, so a second run needs another "
        "(default: 1)",
    )
    p.set_defaults(run=seed)

    add_keys_command(commands, _with_container)
    return parser


if __name__ == "__main__":
    sys.exit(main())
