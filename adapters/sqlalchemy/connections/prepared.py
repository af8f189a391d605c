"""Point reads compiled once and run on the driver connection.

SQLAlchemy's execution path (cache key lookup, execution context, the greenlet hop into the
driver, the Result object) cost more CPU than the query itself on a point read: measured in
process on PostgreSQL, 267 us of a 460 us post read went to executing one cached statement.
A statement built once (module level, bound parameters) is compiled here once per dialect,
and its values pass the same type processors SQLAlchemy would apply."""

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Dialect, Select

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class PreparedSelect:
    sql: str
    parameter_names: tuple[str, ...]
    bind_processors: tuple[Processor, ...]
    conversions: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column, its result processor)
    row_type: type[tuple[Any, ...]]  # a namedtuple: read by position or, like a Row, by name

    def arguments(self, parameters: Mapping[str, Any]) -> list[Any]:
        return [
            process(parameters[name]) if process else parameters[name]
            for name, process in zip(self.parameter_names, self.bind_processors, strict=True)
        ]

    def rows(self, records: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
        # Only the few columns with a processor are touched (a post's row has 14 columns and 3
        # processors): visiting every value cost a list of 100 posts 6 % of its CPU, measured.
        make, conversions = self.row_type._make, self.conversions  # type: ignore[attr-defined]
        if not conversions:
            return [make(record) for record in records]
        rows = []
        for record in records:
            values = list(record)
            for column, process in conversions:
                values[column] = process(values[column])
            rows.append(make(values))
        return rows


# Statements are built once, at module level: a handful per repository. A statement built per
# call would make a new entry each time; bounded, such a mistake costs speed, never memory.
PREPARED_MAX = 128


@lru_cache(maxsize=PREPARED_MAX)
def prepared(statement: Select[Any], dialect: Dialect) -> PreparedSelect:
    compiled = statement.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    if any(compiled.binds[name].expanding for name in names):
        raise ValueError("an IN list is rendered per call: execute it through SQLAlchemy")
    return PreparedSelect(
        sql=compiled.string,
        parameter_names=names,
        bind_processors=tuple(
            compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in names
        ),
        conversions=tuple(
            (column, process)
            for column, selected in enumerate(statement.selected_columns)
            if (process := selected.type.dialect_impl(dialect).result_processor(dialect, None))
        ),
        row_type=namedtuple("PreparedRow", statement.selected_columns.keys(), rename=True),
    )
