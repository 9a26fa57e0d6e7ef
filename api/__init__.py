"""The HTTP API (FastAPI): thin routes over ``triage.service``, versioned under ``/v1``.

``create_app(settings)`` builds the application; ``triage serve`` runs it.
"""
