"""One module per resource; each holds a ``router``. Adding a resource is a file and a line in ``ROUTERS``."""

ROUTERS: list[str] = [
    "api.routes.items",
    "api.routes.batches",
    "api.routes.queue",
    "api.routes.review",
    "api.routes.audit",
    "api.routes.health",
]
