"""Database adapter: models, engine per process, unit of work."""
