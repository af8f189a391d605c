"""Every command says what it does in `folio COMMAND --help`, and every option what it means."""

import argparse

import pytest

from entrypoints.cli.main import build_parser, counted


def commands() -> dict[str, argparse.ArgumentParser]:
    [subcommands] = [
        action
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    ]
    return dict(subcommands.choices)


@pytest.mark.parametrize("name", sorted(commands()))
def test_each_command_describes_itself_and_its_options(name: str) -> None:
    command = commands()[name]
    assert command.description, f"`folio {name} --help` describes nothing"
    for option in command._actions:
        assert option.help, f"`folio {name}`: {option.option_strings or option.dest} has no help"


def test_counts_are_said_in_the_right_number() -> None:
    assert counted(1, "dead event") == "1 dead event"
    assert counted(0, "post") == "0 posts"
    assert counted(2, "user") == "2 users"
