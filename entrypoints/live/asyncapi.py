"""The live-updates protocol as an AsyncAPI 3.0 document, built from the protocol's models:
what the tests validate real messages against is what clients read."""

from functools import cache
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from entrypoints.live.protocol import (
    CONTROL_MESSAGES,
    EVENT_MESSAGES,
    Auth,
    Close,
    Resume,
    Subscribe,
    Unsubscribe,
)

CLIENT_MESSAGES: tuple[type[BaseModel], ...] = (Auth, Subscribe, Unsubscribe, Resume)
SERVER_MESSAGES: tuple[type[BaseModel], ...] = (*CONTROL_MESSAGES, *EVENT_MESSAGES)
_REF = "#/components/schemas/{model}"

DESCRIPTION = """\
Signed-in clients see what concerns them as it happens. Connect to `/api/v1/live`, send
`{"type": "auth", "token": "<v1 access token>"}` within 5 seconds (the token never goes in
the URL), wait for `ready`, then `subscribe` to topics: `feed` (new posts by authors you
follow), `me` (comments on your posts, new followers) and `post:<slug>` (the post's edits,
deletion, comments and favorites count). Every event message carries `id`, `type`,
`occurred_at`, the `topic` it came through (once per socket, however many subscriptions
match) and a payload in the REST API's shapes, as an anonymous reader sees them.
After a reconnect, subscribe again and send `resume` with the last event id seen: the
server replays what was missed (up to the last 1,000 events and 10 minutes) or answers
`resync` (refetch over REST). When the token expires the server sends `reauth`; send
`auth` with a fresh token within the grace period or the socket closes (4401). Browser
pages from origins not in CORS_ORIGINS are refused at the handshake (403)."""


def _close_codes() -> dict[str, str]:
    return {str(int(code)): code.name.lower().replace("_", " ") for code in Close}


@cache
def asyncapi_document() -> dict[str, Any]:
    models = [*CLIENT_MESSAGES, *SERVER_MESSAGES]
    keyed, definitions = models_json_schema(
        [(model, _mode(model)) for model in models], ref_template=_REF
    )
    schemas: dict[str, Any] = definitions.get("$defs", {})
    messages = {
        _message_name(model): {
            "name": _message_name(model),
            "title": model.__name__,
            **({"summary": model.__doc__.strip()} if model.__doc__ else {}),
            "payload": keyed[(model, _mode(model))],
        }
        for model in models
    }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Folio live updates",
            "version": "1.0.0",
            "description": DESCRIPTION,
            "x-close-codes": _close_codes(),
        },
        "servers": {
            "folio": {
                "host": "{host}",
                "protocol": "ws",
                "pathname": "/api/v1/live",
                "variables": {"host": {"default": "127.0.0.1:8000"}},
            }
        },
        "defaultContentType": "application/json",
        "channels": {
            "live": {
                "address": "/api/v1/live",
                "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in messages},
            }
        },
        # The document describes the server: it receives the client's messages, sends its own.
        "operations": {
            **{f"receive_{_message_name(m)}": _operation("receive", m) for m in CLIENT_MESSAGES},
            **{f"send_{_message_name(m)}": _operation("send", m) for m in SERVER_MESSAGES},
        },
        "components": {"messages": messages, "schemas": schemas},
    }


def server_message_schema(message_type: str) -> dict[str, Any]:
    """The JSON Schema of the server message whose `type` is `message_type`, with the
    document's components, for validating a message as a client received it."""
    document = asyncapi_document()
    for model in SERVER_MESSAGES:
        if _type_of(model) == message_type:
            payload = document["components"]["messages"][_message_name(model)]["payload"]
            return {**payload, "components": document["components"]}
    raise KeyError(message_type)


def _operation(action: str, model: type[BaseModel]) -> dict[str, Any]:
    name = _message_name(model)
    return {
        "action": action,
        "channel": {"$ref": "#/channels/live"},
        "messages": [{"$ref": f"#/channels/live/messages/{name}"}],
    }


def _type_of(model: type[BaseModel]) -> str:
    [literal] = get_args(model.model_fields["type"].annotation)
    return str(literal)


def _message_name(model: type[BaseModel]) -> str:
    name = _type_of(model).replace(".", "_")
    return f"client_{name}" if model in CLIENT_MESSAGES else name


def _mode(model: type[BaseModel]) -> JsonSchemaMode:
    return "validation" if model in CLIENT_MESSAGES else "serialization"
