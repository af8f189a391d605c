"""`folio seed`: a second run with the same seed says what to do instead of only failing."""

from pathlib import Path

import pytest

from entrypoints.cli.main import EXIT_FAILED, EXIT_OK, main


def test_seeding_twice_with_one_seed_says_to_take_another(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'folio.db'}")
    monkeypatch.setenv("APP_ENV", "development")
    small = ["seed", "--users", "2", "--posts", "3"]

    assert main(small) == EXIT_OK
    capsys.readouterr()
    assert main(small) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "--seed 1" in err
    assert "seed with another --seed" in err
    assert main([*small, "--seed", "2"]) == EXIT_OK


def test_the_seed_options_show_their_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["seed", "--help"])
    help_text = capsys.readouterr().out
    for default in ("(default: 100)", "(default: 1000)", "(default: password123)", "(default: 1)"):
        assert default in help_text
