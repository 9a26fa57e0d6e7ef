"""Jinja2 templates (autoescaped) and the one function that renders a page with who is signed in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
templates = Jinja2Templates(directory=TEMPLATES)


def _when(at: dt.datetime | dt.date | None) -> str:
    if at is None:
        return ""
    if isinstance(at, dt.datetime):
        return at.strftime("%Y-%m-%d %H:%M UTC")
    return at.isoformat()


templates.env.filters["when"] = _when


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    who = getattr(request.state, "signed_in", None)
    return templates.TemplateResponse(
        request, template, {"who": who, "csrf": who.csrf if who else "", **context}, status_code=status
    )
