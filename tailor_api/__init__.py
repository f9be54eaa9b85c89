"""Tailor's HTTP API: an adapter over tailor_core's producer, served by uvicorn (`tailor api`)."""
