"""fair share (priority, fair key), per-user quotas, batches, deferred jobs

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

Additive only: new nullable or defaulted columns, new tables and new indexes. Rows that exist
(and rows a foreign publisher inserts without the new columns) are interactive jobs with fair
key 0, i.e. they run first among the queued jobs of their priority.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
PENDING = sa.text("status = 'PENDING'")
UNFINISHED = sa.text("status IN ('PENDING', 'PROCESSING')")


def _timestamps() -> list[sa.Column[datetime]]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", big_id, primary_key=True),
        sa.Column("user_id", big_id, nullable=False),
        sa.Column("resume_id", big_id, nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("callback_url", sa.String(2048)),
        sa.Column("callback_token_id", big_id),
        sa.Column("cancelled_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("callback_delivered_at", sa.DateTime(timezone=True)),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_batches"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_batches_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["callback_token_id"],
            ["api_tokens.id"],
            ondelete="SET NULL",
            name="fk_batches_callback_token_id_api_tokens",
        ),
        sa.CheckConstraint("total >= 0", name="ck_batches_total_not_negative"),
    )
    op.create_index("ix_batches_user_id_created_at", "batches", ["user_id", "created_at"])
    op.create_table(
        "user_quotas",
        sa.Column("user_id", big_id, primary_key=True),
        sa.Column("max_in_flight", sa.Integer()),
        sa.Column("submissions_per_minute", sa.Integer()),
        *_timestamps(),
        sa.PrimaryKeyConstraint("user_id", name="pk_user_quotas"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_user_quotas_user_id_users"
        ),
    )
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(
            sa.Column("priority", sa.String(16), nullable=False, server_default="interactive")
        )
        batch.add_column(sa.Column("fair_key", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("batch_id", big_id))
        batch.add_column(sa.Column("not_before", sa.DateTime(timezone=True)))
        batch.create_foreign_key(
            "fk_jobs_batch_id_batches", "batches", ["batch_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_check_constraint(
            "ck_jobs_priority_known", "priority IN ('interactive', 'batch')"
        )
    # The claim's walk: the next queued job of a priority in fair order.
    op.create_index(
        "ix_jobs_pending_fair",
        "jobs",
        ["priority", "fair_key", "id"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )
    # Submit: a user's jobs in flight (quota) and their last queued fair key.
    op.create_index(
        "ix_jobs_user_unfinished",
        "jobs",
        ["user_id", "status", "priority", "fair_key"],
        postgresql_where=UNFINISHED,
        sqlite_where=UNFINISHED,
    )
    # Submit: a user's submissions in the last minute (quota).
    op.create_index("ix_jobs_user_id_created_at", "jobs", ["user_id", "created_at"])
    op.create_index("ix_jobs_batch_id_status", "jobs", ["batch_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_jobs_batch_id_status", table_name="jobs")
    op.drop_index("ix_jobs_user_id_created_at", table_name="jobs")
    op.drop_index("ix_jobs_user_unfinished", table_name="jobs")
    op.drop_index("ix_jobs_pending_fair", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_constraint("ck_jobs_priority_known", type_="check")
        batch.drop_constraint("fk_jobs_batch_id_batches", type_="foreignkey")
        batch.drop_column("not_before")
        batch.drop_column("batch_id")
        batch.drop_column("fair_key")
        batch.drop_column("priority")
    op.drop_table("user_quotas")
    op.drop_index("ix_batches_user_id_created_at", table_name="batches")
    op.drop_table("batches")
