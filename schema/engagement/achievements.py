"""Achievements in the API: goals (createAchievement, archiveAchievement, `achievements`) and
what members reached (`Member.achievements`, `Member.badges`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry

from app.engagement import achievements as service
from app.engagement.errors import AchievementError, AchievementErrorCode
from app.engagement.models import Achievement as AchievementRow
from app.engagement.models import AchievementKind, AchievementWindow
from schema.context import Info
from schema.errors import UserError, user_errors
from schema.idempotency import create_key_field, keyed
from schema.ids import parse_id
from schema.permissions import Access, mutation, query, tenant_of
from schema.scalars import Points
from tenants.roles import StaffRole

KindEnum = strawberry.enum(AchievementKind, description="What an achievement counts.")
WindowEnum = strawberry.enum(AchievementWindow, description="How often it can be reached.")
CodeEnum = strawberry.enum(
    AchievementErrorCode, name="AchievementErrorCode", description="Why an achievement change "
    "was refused.",
)  # fmt: skip


@strawberry.type(description="A refused achievement change: which field, why, and a message.")
class AchievementUserError(UserError):
    code: Annotated[AchievementErrorCode, CodeEnum]


@strawberry.type(description="A goal members reach for a badge, and maybe points or a reward.")
class Achievement:
    id: strawberry.ID
    name: str
    description: str
    badge_url: str | None
    kind: Annotated[AchievementKind, KindEnum]
    target: Points
    event_code: str | None
    window: Annotated[AchievementWindow, WindowEnum]
    points: Points
    reward_id: strawberry.ID | None

    @classmethod
    def from_model(cls, row: AchievementRow) -> Achievement:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            description=row.description,
            badge_url=row.badge_url,
            kind=row.kind,
            target=Points(row.target),
            event_code=row.event_code,
            window=row.time_window,
            points=Points(row.points),
            reward_id=strawberry.ID(str(row.reward_id)) if row.reward_id else None,
        )


@strawberry.type(description="How far a member is towards a goal in its current window.")
class AchievementProgress:
    achievement: Achievement
    window_key: str
    progress: Points
    unlocked_at: datetime | None

    @strawberry.field(description="Reached in this window.")
    def unlocked(self) -> bool:
        return self.unlocked_at is not None


@strawberry.type(description="A goal a member reached: their badge.")
class Badge:
    achievement: Achievement
    window_key: str
    unlocked_at: datetime


async def progress_of(tenant_id: UUID, member_id: UUID) -> list[AchievementProgress]:
    rows = await service.progress_of(tenant_id, member_id)
    return [
        AchievementProgress(
            achievement=Achievement.from_model(p.achievement), window_key=p.window_key,
            progress=Points(p.value), unlocked_at=p.unlocked_at,
        )
        for p in rows
    ]  # fmt: skip


async def badges_of(tenant_id: UUID, member_id: UUID) -> list[Badge]:
    rows = await service.badges_of(tenant_id, member_id)
    return [
        Badge(achievement=Achievement.from_model(goal), window_key=row.window_key,
              unlocked_at=row.unlocked_at)
        for row, goal in rows
    ]  # fmt: skip


@strawberry.input(description="A goal: what it counts, to what target, in which window.")
class AchievementInput:
    name: str
    kind: Annotated[AchievementKind, KindEnum]
    target: Points
    window: Annotated[AchievementWindow, WindowEnum] = AchievementWindow.ALL_TIME
    description: str = ""
    badge_url: str | None = None
    event_code: str | None = None
    points: Points = Points(0)
    reward_id: strawberry.ID | None = None
    idempotency_key: str | None = create_key_field()


@strawberry.input
class ArchiveAchievementInput:
    achievement_id: strawberry.ID


@strawberry.type
class AchievementPayload:
    achievement: Achievement | None = None
    user_errors: list[AchievementUserError] = strawberry.field(default_factory=list)


@strawberry.type
class AchievementQueries:
    @query(
        Access(staff=StaffRole.VIEWER, any_key=True, member=True),
        "The live achievements (勋章) members can reach.",
    )
    async def achievements(self, info: Info) -> list[Achievement]:
        rows = await service.list_achievements(tenant_of(info))
        return [Achievement.from_model(row) for row in rows]


@strawberry.type
class AchievementMutations:
    @mutation(
        Access(staff=StaffRole.ADMIN),
        "A goal over a window (N purchases, money spent, a check-in streak, N events of a "
        "code, a tier rank) that unlocks a badge and optionally points and a reward, once per "
        "member per window, when the activity that reaches it happens; webhook "
        "achievement.unlocked. Errors: INVALID_INPUT, IDEMPOTENCY_KEY_REUSED.",
    )
    async def create_achievement(self, info: Info, input: AchievementInput) -> AchievementPayload:
        spec = service.AchievementSpec(
            input.name, input.kind, input.target, input.window, input.description,
            input.badge_url, input.event_code, input.points,
            parse_id(input.reward_id) if input.reward_id else None,
        )  # fmt: skip
        try:
            row = await service.create_achievement(
                tenant_of(info), spec, keyed(info, input.idempotency_key)
            )
        except AchievementError as error:
            return AchievementPayload(user_errors=user_errors(error, AchievementUserError))
        return AchievementPayload(achievement=Achievement.from_model(row))

    @mutation(
        Access(staff=StaffRole.ADMIN),
        "Stop an achievement: no one reaches it any more; badges won stay. Errors: "
        "ACHIEVEMENT_NOT_FOUND.",
    )
    async def archive_achievement(
        self, info: Info, input: ArchiveAchievementInput
    ) -> AchievementPayload:
        try:
            row = await service.archive_achievement(tenant_of(info), parse_id(input.achievement_id))
        except AchievementError as error:
            return AchievementPayload(user_errors=user_errors(error, AchievementUserError))
        return AchievementPayload(achievement=Achievement.from_model(row))
