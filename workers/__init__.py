"""Celery workers for scale-out, and the embedded pool's start for ``triage serve``.

Tasks take item ids only and call ``triage.service.processing``: the rules live there.
"""
