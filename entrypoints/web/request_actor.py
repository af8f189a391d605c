"""Who a request acts for, kept on the request once authenticated, so that a refusal further
in can be logged with its "who" (AC-05) by each API's error handling."""

from starlette.requests import Request

from domain.users import Actor


def remember_actor(request: Request, actor: Actor) -> Actor:
    request.state.actor_id = str(actor.user_id)
    return actor


def acting_user_id(request: Request) -> str | None:
    return getattr(request.state, "actor_id", None)
