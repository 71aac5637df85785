"""workspaces, members and the activity log; every existing client moves to a default workspace

Revision ID: 0003_workspaces
Revises: 0002
Create Date: 2026-11-23 12:10:00.000000

The default workspace is owned by the local user (`local`), who is the user of the app
without sign-in and of the command line. A client name becomes unique per workspace.
On SQLite the client table is rebuilt (batch mode) both ways: run this through
workbench.db.migrate or workbench.db.downgrade, which turn foreign keys off around it, or
dropping the old table would cascade-delete every strategy section.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003_workspaces"
down_revision = "0002"
branch_labels = None
depends_on = None

DEFAULT_WORKSPACE = "Default"
LOCAL_USER = "local"
# Names the SQLite batch rebuild gives the unnamed constraints it reflects.
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    op.create_table(
        "workspace",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "user", name="uq_member_workspace_user"),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_user"), ["user"], unique=False)

    now = datetime.now(UTC)
    connection = op.get_bind()
    workspace = sa.table(
        "workspace", sa.column("id", sa.Integer), sa.column("name"), sa.column("created_at")
    )
    member = sa.table(
        "member",
        sa.column("workspace_id", sa.Integer),
        sa.column("user"),
        sa.column("role"),
        sa.column("created_at"),
    )
    connection.execute(sa.insert(workspace).values(name=DEFAULT_WORKSPACE, created_at=now))
    default_id = connection.execute(sa.select(sa.func.min(workspace.c.id))).scalar_one()
    connection.execute(
        sa.insert(member).values(
            workspace_id=default_id, user=LOCAL_USER, role="owner", created_at=now
        )
    )

    sqlite = connection.dialect.name == "sqlite"
    naming = SQLITE_NAMES if sqlite else None
    with op.batch_alter_table("client", schema=None, naming_convention=naming) as batch_op:
        batch_op.add_column(sa.Column("workspace_id", sa.Integer(), nullable=True))
    client = sa.table("client", sa.column("workspace_id", sa.Integer))
    connection.execute(sa.update(client).values(workspace_id=default_id))
    with op.batch_alter_table("client", schema=None, naming_convention=naming) as batch_op:
        batch_op.alter_column("workspace_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            "fk_client_workspace_id_workspace", "workspace", ["workspace_id"], ["id"]
        )
        batch_op.drop_constraint(
            "uq_client_name_key" if sqlite else "client_name_key_key", type_="unique"
        )
        batch_op.create_unique_constraint("uq_client_workspace_name", ["workspace_id", "name_key"])
        batch_op.create_index(batch_op.f("ix_client_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index("ix_activity_client_at", ["client_id", "at"], unique=False)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_client_at")
    op.drop_table("activity")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_workspace_id"))
        batch_op.drop_constraint("uq_client_workspace_name", type_="unique")
        batch_op.create_unique_constraint(
            "uq_client_name_key" if sqlite else "client_name_key_key", ["name_key"]
        )
        batch_op.drop_constraint("fk_client_workspace_id_workspace", type_="foreignkey")
        batch_op.drop_column("workspace_id")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_user"))
    op.drop_table("member")
    op.drop_table("workspace")
