"""The service layer: the item's life and the rules around it, in one place.

The command line, the HTTP API and the workers call these modules and nothing below them,
so no rule lives twice:

- ``runtime``: what the settings build once (database, blob store, dispatcher);
- ``intake``: register a file, an upload or a text, idempotently, and batches;
- ``processing``: claim an item, run its stage group, store the result and its children;
- ``pool``: the embedded worker pool used when no broker is configured;
- ``review``: audited reading, reviewers' decisions, the effective triage, export;
- ``queue``: the review queue and batch progress;
- ``accounts``: people (passwords) and systems (keys), with their roles;
- ``callbacks``: signed completion callbacks to case systems, retried with backoff;
- ``retention``: erasure of expired items, keeping a tombstone;
- ``views``: the shapes the edges show (the API's schema, ``triage show --json``).
"""
