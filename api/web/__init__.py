"""The review web page for intake staff, served by the API's own app (templates rendered here)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import forms, pages
from api.web.templating import STATIC


def install(app: FastAPI) -> None:
    app.mount("/static/web", StaticFiles(directory=STATIC), name="web-assets")
    app.include_router(pages.router)
    app.include_router(forms.router)
