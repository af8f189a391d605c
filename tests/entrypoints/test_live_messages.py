"""The live protocol has one message for every kind of update the application projects."""

from application.live.updates import UPDATE_KINDS
from entrypoints.live.protocol import EVENT_MESSAGES


def test_every_update_kind_has_its_message_and_every_message_its_kind() -> None:
    message_types = {message.model_fields["type"].default for message in EVENT_MESSAGES}
    assert set(UPDATE_KINDS.values()) == message_types
