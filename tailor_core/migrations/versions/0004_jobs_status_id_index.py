"""index jobs by (status, id) for status-filtered pages

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # `tailor jobs list --status COMPLETED` pages in id order: with (status, created_at) only,
    # PostgreSQL read every COMPLETED row and sorted them (140 ms at 100,000 jobs).
    op.create_index("ix_jobs_status_id", "jobs", ["status", "id"])


def downgrade() -> None:
    op.drop_index("ix_jobs_status_id", table_name="jobs")
