"""review links: private links for a client's plan review, and the decision on each post

Revision ID: 0004_review_links
Revises: 0003_workspaces
Create Date: 2026-11-23 12:07:40.080851
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_review_links"
down_revision = "0003_workspaces"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_link", schema=None) as batch_op:
        batch_op.create_index("ix_review_link_client_id", ["client_id"], unique=False)

    op.create_table(
        "post_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=False),
        sa.Column("post_fingerprint", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["link_id"], ["review_link.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("link_id", "post_id", name="uq_post_review_link_post"),
    )
    with op.batch_alter_table("post_review", schema=None) as batch_op:
        batch_op.create_index("ix_post_review_client_id", ["client_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("post_review", schema=None) as batch_op:
        batch_op.drop_index("ix_post_review_client_id")
    op.drop_table("post_review")
    with op.batch_alter_table("review_link", schema=None) as batch_op:
        batch_op.drop_index("ix_review_link_client_id")
    op.drop_table("review_link")
