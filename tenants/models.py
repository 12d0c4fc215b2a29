"""Tenancy tables. Every table but `tenant`, `operator` and `operator_session` is tenant-owned
and row-level secured."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from app.core.ids import uuid7
from tenants.roles import StaffRole, TenantStatus


class Tenant(Model):
    """A merchant. The registry itself is platform data: it resolves slugs and suspensions."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    slug = fields.CharField(max_length=63, unique=True)
    name = fields.CharField(max_length=200)
    status = fields.CharEnumField(TenantStatus, max_length=16, default=TenantStatus.ACTIVE)
    rate_limit_per_minute = fields.IntField(null=True)
    # The IANA zone every calendar rule of the merchant counts days in (tenants/clock.py).
    time_zone = fields.CharField(max_length=64, default="Asia/Shanghai")
    locale = fields.CharField(max_length=16, default="zh-CN")
    # The mall's branding: a logo and two colours (#rrggbb); none for the default look.
    logo_url = fields.CharField(max_length=500, null=True)
    primary_color = fields.CharField(max_length=7, null=True)
    accent_color = fields.CharField(max_length=7, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tenant"


class Operator(Model):
    """A platform operator, created from the command line."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    email = fields.CharField(max_length=254, unique=True)
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "operator"


class OperatorSession(Model):
    """One operator login: its tokens name it, and they stop working once it has ended."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    operator_id = fields.UUIDField()
    expires_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "operator_session"


class StaffUser(Model):
    """A merchant's staff login. Emails are unique across the platform so login needs no slug."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField(db_index=True)
    email = fields.CharField(max_length=254, unique=True)
    display_name = fields.CharField(max_length=200, default="")
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(StaffRole, max_length=16)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_user"


class StaffSession(Model):
    """One refresh token of a login's family; rotating marks it used and issues the next one."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField()
    family_id = fields.UUIDField()
    staff_id = fields.UUIDField()
    token_hash = fields.CharField(max_length=64)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff_session"
        indexes = (("tenant_id", "family_id"),)


class ApiKey(Model):
    """A merchant backend's credential: `prefix` finds it, only a hash of the secret is kept."""

    id = fields.UUIDField(primary_key=True, default=uuid7)
    tenant_id = fields.UUIDField(db_index=True)
    name = fields.CharField(max_length=200)
    prefix = fields.CharField(max_length=32, unique=True)
    secret_hash = fields.CharField(max_length=64)
    scopes: fields.Field[list[str]] = fields.JSONField(default=list)
    created_by = fields.UUIDField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_key"
