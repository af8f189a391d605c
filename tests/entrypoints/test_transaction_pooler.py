"""DB_TRANSACTION_POOLER and DATABASE_LISTEN_URL. The end-to-end suite runs through a real
PgBouncer (the `pgbouncer` backend); these pin down what the settings choose."""

import pytest
from pydantic import ValidationError

from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.notifications import OutboxListener
from entrypoints.composition.background import outbox_listener
from entrypoints.composition.settings import Settings

POSTGRES = "postgresql://folio@db:5432/folio"


def listener_for(**values: object) -> OutboxListener | None:
    return outbox_listener(Settings.model_validate(values), LocalWakeup())


def test_workers_listen_on_the_database_url_without_a_pooler() -> None:
    assert isinstance(listener_for(database_url=POSTGRES), OutboxListener)
    assert listener_for(database_url="sqlite:///x.db") is None


def test_behind_a_transaction_pooler_workers_poll_unless_given_a_direct_address() -> None:
    pooled = {"database_url": "postgresql://folio@pgbouncer:6432/folio"}
    assert listener_for(**pooled, db_transaction_pooler=True) is None
    direct = listener_for(**pooled, db_transaction_pooler=True, database_listen_url=POSTGRES)
    assert isinstance(direct, OutboxListener)
    assert "@db:5432/" in direct._dsn


def test_the_listen_url_must_be_postgresql() -> None:
    with pytest.raises(ValidationError, match="postgresql://"):
        Settings.model_validate({"database_listen_url": "sqlite:///x.db"})
