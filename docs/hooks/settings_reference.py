"""A MkDocs hook: the configuration page's table of settings, made from the settings class when
the site is built, so the reference lists exactly what the service reads and cannot drift."""

from typing import Any

from pydantic.fields import FieldInfo

from entrypoints.composition.settings import Settings

MARKER = "<!-- settings-reference -->"


def on_page_markdown(markdown: str, **_: Any) -> str:
    return markdown.replace(MARKER, settings_table()) if MARKER in markdown else markdown


def settings_table() -> str:
    rows = ["| Variable | Default | Meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        meaning = " ".join((field.description or "").split()).replace("|", "\\|")
        rows.append(f"| `{name.upper()}` | {_default(field)} | {meaning} |")
    return "\n".join(rows)


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:  # an empty list, or a value of the machine's
        return "*(none)*" if field.default_factory() == [] else "*(see meaning)*"  # type: ignore[call-arg]
    if field.default is None:
        return "*(none)*"
    if isinstance(field.default, bool):
        return f"`{str(field.default).lower()}`"
    return f"`{field.default}`"
