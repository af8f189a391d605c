"""Point reads are compiled once per statement and dialect (adapters.sqlalchemy.connections
.prepared); a statement built per call instead of once at module level must cost speed, never
memory."""

from sqlalchemy import Dialect, bindparam, make_url, select

from adapters.sqlalchemy.connections.prepared import PREPARED_MAX, prepared
from adapters.sqlalchemy.tables import users


def asyncpg() -> Dialect:
    return make_url("postgresql+asyncpg://").get_dialect()()


def test_statements_built_per_call_do_not_grow_the_prepared_cache_past_its_bound() -> None:
    dialect = asyncpg()
    prepared.cache_clear()
    try:
        for n in range(PREPARED_MAX + 50):
            statement = select(users.c.id).where(users.c.username == bindparam("name")).limit(n + 1)
            assert prepared(statement, dialect).parameter_names == ("name", "param_1")
        assert prepared.cache_info().currsize == PREPARED_MAX
    finally:
        prepared.cache_clear()


def test_a_statement_built_once_is_compiled_once() -> None:
    dialect = asyncpg()
    statement = select(users.c.id).where(users.c.username == bindparam("name"))
    assert prepared(statement, dialect) is prepared(statement, dialect)
