"""The Core connection under whatever a caller hands a repository function."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session


def core(session: Session | Connection) -> Connection:
    # The per-job statements run on a bare autocommit connection (db.session.single_statements);
    # tests and the original API hand them an ORM session.
    return session.connection() if isinstance(session, Session) else session
