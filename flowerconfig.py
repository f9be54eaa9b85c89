"""Flower reads this file from the working directory: it refuses to start without a login.

Flower's own `/metrics` and `/healthcheck` stay open by design; keep its port off public networks.
"""

from __future__ import annotations

from tailor_core.settings import get_settings

_credentials = get_settings().flower_basic_auth
if ":" not in _credentials:
    raise SystemExit(
        "Flower will not start without a login: set FLOWER_BASIC_AUTH=user:password "
        "in the environment or .env (several logins: user1:pass1,user2:pass2)"
    )
basic_auth = _credentials.split(",")
