"""users, resumes and jobs

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
json_document = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
STATUSES = ("PENDING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED")


def _timestamps() -> list[sa.Column[object]]:
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
        "users",
        sa.Column("id", big_id, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
    )
    op.create_index(
        "uq_users_email_lower", "users", [sa.literal_column("lower(email)")], unique=True
    )
    op.create_table(
        "resumes",
        sa.Column("id", big_id, primary_key=True),
        sa.Column("user_id", big_id, nullable=False),
        sa.Column("file_path", sa.String(1024), nullable=False),
        sa.Column("original_filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(127), nullable=False),
        sa.Column("parsed_text", sa.Text(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_resumes"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_resumes_user_id_users"
        ),
        sa.UniqueConstraint("id", "user_id", name="uq_resumes_id_user_id"),
    )
    op.create_index("ix_resumes_user_id_id", "resumes", ["user_id", "id"])
    op.create_table(
        "jobs",
        sa.Column("id", big_id, primary_key=True),
        sa.Column("user_id", big_id, nullable=False),
        sa.Column("resume_id", big_id, nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("company_name", sa.String(300), nullable=False),
        sa.Column("job_description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), server_default="PENDING", nullable=False),
        sa.Column("tailored_resume_text", sa.Text()),
        sa.Column("report", json_document),
        sa.Column("error", sa.Text()),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE", name="fk_jobs_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["resume_id", "user_id"],
            ["resumes.id", "resumes.user_id"],
            ondelete="CASCADE",
            name="fk_jobs_resume_owned_by_user",
        ),
        sa.CheckConstraint("attempts >= 0", name="ck_jobs_attempts_not_negative"),
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="ck_jobs_job_status"),
    )
    op.create_index("ix_jobs_user_id_id", "jobs", ["user_id", "id"])
    op.create_index("ix_jobs_status_created_at", "jobs", ["status", "created_at"])


def downgrade() -> None:
    op.drop_table("jobs")
    op.drop_table("resumes")
    op.drop_index("uq_users_email_lower", table_name="users")
    op.drop_table("users")
