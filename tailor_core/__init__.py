"""Tailor's core: domain, data, tailoring engine and producer. Never imports Celery."""
