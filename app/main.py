"""The ASGI application: Starlette routes, the GraphQL endpoint, and the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from prometheus_client import CONTENT_TYPE_LATEST
from redis.exceptions import RedisError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from tortoise.connection import get_connection
from tortoise.contrib.starlette import RegisterTortoise
from tortoise.exceptions import BaseORMException

from app.analytics.exports import ExportKind
from app.core.db import listener_credentials, tortoise_config
from app.core.logs import configure_logging
from app.core.metrics import render
from app.core.outages import is_outage
from app.core.redis import RedisClient, connect_redis, share
from app.core.settings import Settings, load_settings
from app.earning.activity import on_member_activity
from app.engagement import achievements
from app.engagement.service import grant_chances
from app.ledger.hooks import on_points_earned
from app.ledger.service import configure_group_commit
from app.tiers.service import on_tier_changed, qualify_earners
from app.webhooks import targets as webhook_targets
from app.webhooks.policy import webhook_policy
from schema.http import graphiql
from schema.http.cookie_session import (
    CONSOLE,
    PORTAL,
    CookieDoor,
    CookieSessions,
    OperatorSessions,
    StaffSessions,
)
from schema.http.cors import CrossOrigin
from schema.http.endpoint import GraphQLEndpoint, bearer
from schema.http.exports import SettlementExport, TenantExport
from schema.http.failures import FailInTheOpen
from schema.http.pages import page_routes
from schema.root import build_schema
from tenants.passwords import use_password_profile
from tenants.principal_cache import PRINCIPALS
from tenants.tokens import TokenIssuer


def app_from_environment() -> Starlette:
    """The app of one `pointsmall serve --workers N` process; the parent sets the URLs."""
    settings = load_settings()
    configure_logging(settings.log_level)
    return create_app(settings)


def create_app(settings: Settings) -> Starlette:
    """The service for `settings`, whose DATABASE_URL and REDIS_URL must be set."""
    assert settings.redis_url is not None  # noqa: S101 - with_embedded_services fills it
    redis = connect_redis(settings.redis_url)
    tokens = TokenIssuer(settings)
    use_password_profile(settings.argon2_profile)
    webhook_targets.configure(webhook_policy(settings))
    configure_group_commit(settings.ledger_batch_size, settings.ledger_batch_flushes)
    # Members move up in the transaction that posts their points, whatever posted them.
    on_points_earned(qualify_earners)
    on_tier_changed(achievements.on_tier_changed)
    on_member_activity(achievements.on_activity)
    on_member_activity(grant_chances)
    graphql = GraphQLEndpoint(build_schema(settings), settings, tokens, redis)

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def metrics(_: Request) -> Response:
        return Response(render(), media_type=CONTENT_TYPE_LATEST)

    async def readyz(_: Request) -> JSONResponse:
        # Ready means the database answers: Redis holds caches and counters only, and the API
        # serves without it (rate limits in-process, leaderboards unavailable), so a Redis that
        # blinks must not take every pod out of the Service. Its state is reported, not required.
        checks = {"database": await _database_answers(), "redis": await _redis_answers()}
        ready = checks["database"]
        body = {"ready": ready, "degraded": not checks["redis"], **checks}
        return JSONResponse(body, status_code=200 if ready else 503)

    async def _redis_answers() -> bool:
        try:
            return bool(await redis.ping())
        except RedisError:
            return False

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        share(redis)
        async with RegisterTortoise(app, config=tortoise_config(settings)):
            await PRINCIPALS.start(listener_credentials(settings))
            try:
                yield
            finally:
                await PRINCIPALS.stop()
        await redis.aclose()

    app = Starlette(
        routes=[
            Route("/graphql", CrossOrigin(graphql, settings)),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            *_export_routes(tokens),
            *graphiql_routes(settings),
            *_door_api(
                settings.portal,
                StaffSessions(settings, tokens, PORTAL, graphql.throttle),
                graphql,
                redis,
            ),
            *_door_api(
                settings.console,
                OperatorSessions(settings, tokens, CONSOLE, graphql.throttle),
                graphql,
                redis,
            ),
            *page_routes(settings),
        ],
        lifespan=lifespan,
        middleware=[Middleware(FailInTheOpen)],
    )
    app.state.redis = redis  # closed by the lifespan; by hand where none runs (tests)
    return app


def _door_api(
    on: bool, sessions: CookieSessions, public: GraphQLEndpoint, redis: RedisClient
) -> list[Route]:
    """A front end's own door to the schema (its session cookie and CSRF token), its session
    endpoints and its CSV downloads, when the front end is on."""
    if not on:
        return []
    door, tokens = sessions.door, sessions.tokens
    api = GraphQLEndpoint(public.schema, sessions.settings, tokens, redis, door)
    return [
        Route(f"{door.path}/graphql", api),
        *sessions.routes(),
        *_export_routes(tokens, door),
    ]


def _export_routes(tokens: TokenIssuer, door: CookieDoor | None = None) -> list[Route]:
    """The CSV exports, on bearer credentials (`/exports/...`) or on a front end's cookie
    (`<door>/exports/...`)."""
    prefix = door.path if door else ""
    credential = door.download_authorization if door else bearer
    return [
        Route(
            f"{prefix}/exports/settlement/{{batch_id}}.csv",
            SettlementExport(tokens, credential).respond,
            methods=["GET"],
        ),
        *(
            Route(
                f"{prefix}/exports/{kind}.csv",
                TenantExport(tokens, kind, credential).respond,
                methods=["GET"],
            )
            for kind in ExportKind
        ),
    ]


def graphiql_routes(settings: Settings) -> list[Mount]:
    """GraphiQL's own files, when GraphiQL is on (the page itself is GET /graphql)."""
    if not settings.graphiql:
        return []
    return [Mount(graphiql.URL_PREFIX, StaticFiles(directory=graphiql.STATIC, check_dir=False))]


async def _database_answers() -> bool:
    try:
        await get_connection("default").execute_query("select 1")
    except Exception as error:
        if isinstance(error, BaseORMException) or is_outage(error):
            return False
        raise
    return True
