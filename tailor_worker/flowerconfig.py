"""Flower's settings, packaged so they apply from any directory: no start without a login.

Flower reads `./flowerconfig.py` by default; tailor_worker.app points Flower's `conf` option at
this file instead (FLOWER_CONF), so `celery -A tailor_worker flower` refuses to start without a
login wherever it is run. Tornado executes this file and copies every name that matches a Flower
option, so helpers here start with an underscore.

Flower's own `/metrics` and `/healthcheck` stay open by design; keep its port off public networks.
"""

from __future__ import annotations

from tornado.options import options as _options

from tailor_core.settings import get_settings as _get_settings

_REFUSAL = (
    "Flower will not start without a login: set FLOWER_BASIC_AUTH=user:password "
    "in the environment or .env (several logins: user1:pass1,user2:pass2)"
)

# A login given to Flower directly (--basic_auth, FLOWER_BASIC_AUTH, or its OAuth --auth) counts;
# an empty or malformed one (no "user:password") must not pass for a login.
_given = [login for login in (_options.basic_auth or []) if login.strip()]
if any(":" not in login for login in _given):
    raise SystemExit(_REFUSAL)
if not _given and not _options.auth:
    _credentials = _get_settings().flower_basic_auth
    if not _credentials or any(":" not in login for login in _credentials.split(",")):
        raise SystemExit(_REFUSAL)
    basic_auth = _credentials.split(",")
