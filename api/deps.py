"""What a route may ask for: the runtime the app was built with, a database session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from triage.service.runtime import Runtime


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def session(request: Request) -> Iterator[Session]:
    with runtime(request).session() as s:
        yield s


DbSession = Annotated[Session, Depends(session)]
RuntimeDep = Annotated[Runtime, Depends(runtime)]
