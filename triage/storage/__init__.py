"""Storage: the relational database (SQLAlchemy 2, Alembic) and the content-addressed blob folder."""
