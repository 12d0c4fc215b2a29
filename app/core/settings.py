"""The one typed settings object, read from the environment once at start-up."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PLACEHOLDER_SECRETS = frozenset({"", "change-me", "secret", "dev"})


class SettingsError(ValueError):
    """The environment holds a setting the service cannot run with."""


@dataclass(frozen=True)
class JwtKey:
    """One signing key; `kid` names it in token headers so keys can rotate."""

    kid: str
    algorithm: str
    signing_key: str
    verification_key: str


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    database_url: str | None = None
    redis_url: str | None = None
    data_dir: Path = Path(".data")
    db_pool_size: int = 10
    # Shards per distributed table when `pointsmall migrate` distributes on Citus (core/citus.py).
    citus_shard_count: int = 32
    # Group commit: journals per transaction at most, and batches of one tenant in flight at
    # once per process (app/ledger/batcher.py).
    ledger_batch_size: int = 64
    ledger_batch_flushes: int = 2
    jwt_keys: tuple[JwtKey, ...] = ()
    jwt_issuer: str = "pointsmall"
    jwt_audience: str = "pointsmall-api"
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    member_token_max_ttl_seconds: int = 30 * 24 * 3600
    operator_token_ttl_seconds: int = 3600
    rate_limit_per_minute: int = 600
    graphiql: bool = True
    introspection: bool = True
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2000
    max_body_bytes: int = 1_000_000
    log_level: str = "INFO"
    portal: bool = True
    mall: bool = True
    console: bool = True
    argon2_profile: str = "RFC_9106_LOW_MEMORY"  # the first of PASSWORD_HASH_PROFILES
    # Networks webhooks may reach although not public (an on-premise receiver), as CIDRs.
    webhook_allowed_networks: tuple[str, ...] = ()
    # Failed logins lock an email (or a client address) out for this long from the first one.
    login_lockout_seconds: int = 900
    # Sign-ups one client address may make within that window.
    sign_ups_per_address: int = 10
    # Proxies whose X-Forwarded-For names the client (CIDRs); none: the socket's peer is.
    trusted_proxies: tuple[str, ...] = ()
    # Origins every tenant's requests may come from in a browser (e.g. a portal on its own
    # domain); merchants add their own (schema/http/cors.py).
    cors_origins: tuple[str, ...] = ()
    # "registered": member tokens run only the front ends' documents and those in
    # `registered_operations` (directories of .graphql files); "any": every valid document.
    member_documents: str = "any"
    registered_operations: tuple[str, ...] = ()

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def active_jwt_key(self) -> JwtKey:
        """The first configured key signs; every configured key verifies."""
        return self.jwt_keys[0]


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"not a boolean: {value!r}")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc
    if value <= 0:
        raise SettingsError(f"{name} must be positive, got {value}")
    return value


def _read_key_file(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def _jwt_keys(env: Mapping[str, str], production: bool) -> tuple[JwtKey, ...]:
    algorithm = env.get("JWT_ALGORITHM", "HS256")
    kid = env.get("JWT_KEY_ID", "k1")
    if algorithm == "HS256":
        secret = env.get("JWT_SECRET", "")
        if secret in PLACEHOLDER_SECRETS or len(secret) < 32:
            if production:
                raise SettingsError("JWT_SECRET must be at least 32 characters in production")
            secret = secret if len(secret) >= 32 else secrets.token_urlsafe(48)
        keys = [JwtKey(kid, algorithm, secret, secret)]
    elif algorithm in {"RS256", "ES256"}:
        private = env.get("JWT_PRIVATE_KEY_FILE")
        public = env.get("JWT_PUBLIC_KEY_FILE")
        if not private or not public:
            raise SettingsError(f"{algorithm} needs JWT_PRIVATE_KEY_FILE and JWT_PUBLIC_KEY_FILE")
        keys = [JwtKey(kid, algorithm, _read_key_file(private), _read_key_file(public))]
    else:
        raise SettingsError(f"JWT_ALGORITHM must be HS256, RS256 or ES256, got {algorithm!r}")
    keys.extend(_previous_keys(env, algorithm))
    return tuple(keys)


def _previous_keys(env: Mapping[str, str], algorithm: str) -> list[JwtKey]:
    """Keys still accepted for verification during a rotation (`kid=secret,...` for HS256)."""
    raw = env.get("JWT_PREVIOUS_KEYS", "")
    keys = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        kid, _, material = item.partition("=")
        if not material:
            raise SettingsError("JWT_PREVIOUS_KEYS entries are kid=secret (HS256) or kid=path")
        value = material if algorithm == "HS256" else _read_key_file(material)
        keys.append(JwtKey(kid, algorithm, "", value))
    return keys


# argon2-cffi's profiles by name; the first is the default.
PASSWORD_HASH_PROFILES = ("RFC_9106_LOW_MEMORY", "RFC_9106_HIGH_MEMORY", "CHEAPEST")


def _argon2_profile(env: Mapping[str, str], production: bool) -> str:
    """argon2's cost profile; CHEAPEST (for test suites) is refused in production."""
    profile = env.get("PASSWORD_HASH_PROFILE", PASSWORD_HASH_PROFILES[0])
    if profile not in PASSWORD_HASH_PROFILES:
        raise SettingsError(
            f"PASSWORD_HASH_PROFILE must be one of {', '.join(PASSWORD_HASH_PROFILES)}"
        )
    if production and profile == "CHEAPEST":
        raise SettingsError("PASSWORD_HASH_PROFILE=CHEAPEST is for tests, not production")
    return profile


def _networks(value: str, name: str) -> tuple[str, ...]:
    """Comma-separated CIDRs (`10.20.0.0/16,fd00::/8`), each checked."""
    networks = []
    for part in filter(None, (item.strip() for item in value.split(","))):
        try:
            networks.append(str(ipaddress.ip_network(part, strict=False)))
        except ValueError as exc:
            raise SettingsError(f"{name}: {part!r} is not a network") from exc
    return tuple(networks)


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, allowed[0]).strip().lower()
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}")
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from `env` (the process environment by default)."""
    env = os.environ if env is None else env
    environment = env.get("POINTSMALL_ENV", "development")
    production = environment == "production"
    settings = Settings(
        environment=environment,
        database_url=env.get("DATABASE_URL") or None,
        redis_url=env.get("REDIS_URL") or None,
        data_dir=Path(env.get("POINTSMALL_DATA_DIR", ".data")),
        db_pool_size=_int(env, "DATABASE_POOL_SIZE", 10),
        citus_shard_count=_int(env, "CITUS_SHARD_COUNT", 32),
        ledger_batch_size=_int(env, "LEDGER_BATCH_SIZE", 64),
        ledger_batch_flushes=_int(env, "LEDGER_BATCH_FLUSHES", 2),
        jwt_keys=_jwt_keys(env, production),
        jwt_issuer=env.get("JWT_ISSUER", "pointsmall"),
        jwt_audience=env.get("JWT_AUDIENCE", "pointsmall-api"),
        access_token_ttl_seconds=_int(env, "ACCESS_TOKEN_TTL_SECONDS", 900),
        refresh_token_ttl_seconds=_int(env, "REFRESH_TOKEN_TTL_SECONDS", 30 * 24 * 3600),
        member_token_max_ttl_seconds=_int(env, "MEMBER_TOKEN_MAX_TTL_SECONDS", 30 * 24 * 3600),
        operator_token_ttl_seconds=_int(env, "OPERATOR_TOKEN_TTL_SECONDS", 3600),
        rate_limit_per_minute=_int(env, "RATE_LIMIT_PER_MINUTE", 600),
        graphiql=_bool(env.get("GRAPHIQL", "false" if production else "true")),
        introspection=_bool(env.get("INTROSPECTION", "false" if production else "true")),
        max_query_depth=_int(env, "GRAPHQL_MAX_DEPTH", 12),
        max_aliases=_int(env, "GRAPHQL_MAX_ALIASES", 30),
        max_tokens=_int(env, "GRAPHQL_MAX_TOKENS", 2000),
        max_body_bytes=_int(env, "MAX_BODY_BYTES", 1_000_000),
        log_level=env.get("LOG_LEVEL", "INFO"),
        portal=_bool(env.get("PORTAL", "true")),
        mall=_bool(env.get("MALL", "true")),
        console=_bool(env.get("CONSOLE", "true")),
        argon2_profile=_argon2_profile(env, production),
        webhook_allowed_networks=_networks(
            env.get("WEBHOOK_ALLOWED_NETWORKS", ""), "WEBHOOK_ALLOWED_NETWORKS"
        ),
        login_lockout_seconds=_int(env, "LOGIN_LOCKOUT_SECONDS", 900),
        sign_ups_per_address=_int(env, "SIGN_UPS_PER_ADDRESS", 10),
        trusted_proxies=_networks(env.get("TRUSTED_PROXIES", ""), "TRUSTED_PROXIES"),
        cors_origins=tuple(
            origin.strip().lower().removesuffix("/")
            for origin in env.get("CORS_ORIGINS", "").split(",")
            if origin.strip()
        ),
        member_documents=_choice(env, "MEMBER_DOCUMENTS", ("any", "registered")),
        registered_operations=tuple(
            part for part in env.get("REGISTERED_OPERATIONS", "").split(":") if part.strip()
        ),
    )
    if production and (settings.database_url is None or settings.redis_url is None):
        raise SettingsError("production needs DATABASE_URL and REDIS_URL")
    return settings
