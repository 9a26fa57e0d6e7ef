"""The configuration reference as Markdown, made from ``Settings`` itself (the README carries it).

    python -m triage.settings_reference
"""

from __future__ import annotations

from typing import Any

from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from triage.config import Settings

START, END = "<!-- settings: python -m triage.settings_reference -->", "<!-- /settings -->"


def _default(field: FieldInfo) -> str:
    factory = field.default_factory
    if factory is not None:
        return "`[]`" if factory is list else "`{}`" if factory is dict else "(the number of cores)"
    value: Any = field.default
    if value is None or value is PydanticUndefined:
        return ""
    return f"`{value}`" if str(value) else '`""`'


def table() -> str:
    prefix = Settings.model_config.get("env_prefix", "")
    rows = ["| variable | default | what it sets |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{prefix}{name.upper()}` | {_default(field)} | {description} |")
    return "\n".join([START, *rows, END])


if __name__ == "__main__":
    print(table())
