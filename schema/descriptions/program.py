"""The programme as members read it (`program`)."""

from __future__ import annotations

_PER_MEMBER = " Null unless the programme is read for one member."

DESCRIPTIONS = {
    "ProgramRule.kind": "What the rule pays for.",
    "ProgramRule.name": "The rule's name, as the merchant wrote it.",
    "ProgramRule.startsAt": "When the rule began paying; null: always.",
    "ProgramRule.endsAt": "When it stops paying; null: until the merchant archives it.",
    "ProgramRule.pointsPerUnit": "PURCHASE: points per whole unit of money (an exact decimal, "
    'e.g. "1" or "1.5"), before tier multipliers and campaigns.',
    "ProgramRule.minOrder": "PURCHASE: the smallest order (minor units) that earns.",
    "ProgramRule.points": "The fixed points it pays (SIGNUP, PROFILE_COMPLETION, BIRTHDAY, "
    "EVENT; the referrer's for REFERRAL); null for PURCHASE and CHECK_IN.",
    "ProgramRule.refereePoints": "REFERRAL: what the friend referred earns.",
    "ProgramRule.schedule": "CHECK_IN: points for day 1, 2, ... of a streak; it repeats after "
    "its last day.",
    "ProgramRule.eventCode": "EVENT: the task's code (review, share, ...).",
    "ProgramRule.memberLimit": "How many times in all one member is paid; null: no limit.",
    "ProgramRule.dailyCapPerMember": "Most points one member earns from it in a day; null: no cap.",
    "ProgramRule.timesDone": "How many times it has paid this member." + _PER_MEMBER,
    "ProgramRule.timesLeft": "How many more times it will pay this member (null: no limit)."
    + _PER_MEMBER,
    "ProgramRule.pointsLeftToday": "Points it may still pay this member today under its daily "
    "cap, the merchant's daily cap and its budget." + _PER_MEMBER,
    "ProgramCampaign.name": "The campaign's name.",
    "ProgramCampaign.kind": "MULTIPLIER (purchase points x multiplier) or BONUS (points per "
    "purchase).",
    "ProgramCampaign.multiplier": 'MULTIPLIER: an exact decimal, e.g. "2".',
    "ProgramCampaign.bonusPoints": "BONUS: points per purchase.",
    "ProgramCampaign.categories": "Only items in these categories count; empty: all.",
    "ProgramCampaign.tags": "Only items with one of these tags count; empty: all.",
    "ProgramCampaign.tierIds": "Only members in these tiers; empty: everyone.",
    "ProgramCampaign.minOrder": "Only orders of at least this amount (minor units; 满额送); 0: "
    "every order.",
    "ProgramCampaign.startsAt": "When it starts (may be in the future).",
    "ProgramCampaign.endsAt": "When it ends.",
    "CheckInStatus.ruleId": "The check-in rule paying.",
    "CheckInStatus.today": "Today on the merchant's clock.",
    "CheckInStatus.checkedInToday": "The member has checked in today (false without a member).",
    "CheckInStatus.streak": "Days in a row so far: today's if checked in, else the streak a "
    "check-in today continues (0 when it would start afresh).",
    "CheckInStatus.todayPoints": "What today's check-in pays (or paid).",
    "CheckInStatus.upcoming": "The next 7 days to check in and what each pays if the streak holds.",
    "CheckInStatus.thisMonth": "The days of this month checked in."
    + _PER_MEMBER.replace("Null", "Empty"),
    "CheckInDay.day": "A local day.",
    "CheckInDay.points": "What a check-in that day pays if the streak holds.",
    "Achievement.name": "The badge's name, as members see it.",
    "Achievement.description": "What to do to earn it, in the merchant's words.",
    "Achievement.badgeUrl": "The badge's image (https); null: none.",
    "Achievement.kind": "What it counts.",
    "Achievement.target": "The count to reach (purchases, minor units spent, streak days, "
    "events, or a tier rank).",
    "Achievement.eventCode": "EVENT_COUNT: the event code counted.",
    "Achievement.window": "Whether it is reached once for good or once per month or year.",
    "Achievement.points": "Points paid when reached (0: a badge only).",
    "Achievement.rewardId": "A reward given when reached (like a lottery prize); null: none.",
    "AchievementErrorCode.ACHIEVEMENT_NOT_FOUND": "No live achievement of your merchant has this "
    "id. Check the id; archived ones cannot change.",
    "AchievementInput.name": "The badge's name, 1-200 characters.",
    "AchievementInput.kind": "What it counts.",
    "AchievementInput.target": "The count to reach, 1 or more (SPEND_TOTAL: minor units; "
    "TIER_RANK: the tier's rank).",
    "AchievementInput.window": "ALL_TIME: once for good; MONTH / YEAR: once per local month or "
    "year, counting only that period.",
    "AchievementInput.description": "What to do to earn it.",
    "AchievementInput.badgeUrl": "The badge's image, an https:// URL.",
    "AchievementInput.eventCode": "EVENT_COUNT only: the event code to count.",
    "AchievementInput.points": "Points paid when reached; 0: none.",
    "AchievementInput.rewardId": "A reward given when reached (one unit of its stock).",
    "AchievementKind.PURCHASE_COUNT": "Purchases recorded in the window.",
    "AchievementKind.SPEND_TOTAL": "Money spent in the window, less refunds (minor units).",
    "AchievementKind.CHECK_IN_STREAK": "The longest check-in streak in the window.",
    "AchievementKind.EVENT_COUNT": "Events of one code (recordEvent) in the window.",
    "AchievementKind.TIER_RANK": "The rank of the member's tier (now).",
    "AchievementProgress.achievement": "The goal.",
    "AchievementProgress.windowKey": "The current window: all, 2026-12, or 2026.",
    "AchievementProgress.progress": "The count so far in the window.",
    "AchievementProgress.unlockedAt": "When it was reached in this window; null: not yet.",
    "AchievementWindow.ALL_TIME": "Once for good.",
    "AchievementWindow.MONTH": "Once per month of the merchant's calendar.",
    "AchievementWindow.YEAR": "Once per year of the merchant's calendar.",
    "ArchiveAchievementInput.achievementId": "The achievement to stop.",
    "Badge.achievement": "The goal reached.",
    "Badge.windowKey": "The window it was reached in: all, 2026-12, or 2026.",
    "Badge.unlockedAt": "When.",
    "LeaderboardPayout.periodKey": "The period paid: 2026-W48 or 2026-11.",
    "LeaderboardPayout.rank": "The rank won, 1 first.",
    "LeaderboardPayout.memberId": "The member paid.",
    "LeaderboardPayout.earned": "Points the member earned in the period (what ranked them).",
    "LeaderboardPayout.points": "The prize's points.",
    "LeaderboardPayout.paidAt": "When it was paid.",
    "LeaderboardPrizePeriod.WEEK": "The week's board (Monday to Sunday, the merchant's days).",
    "LeaderboardPrizePeriod.MONTH": "The month's board.",
    "LeaderboardPrizes.period": "The board.",
    "LeaderboardPrizes.points": "The prize for rank 1, 2, ... in order.",
    "Query.leaderboardPayouts(period)": "The board whose prizes to list.",
    "SetLeaderboardPrizesInput.period": "The board.",
    "SetLeaderboardPrizesInput.points": "The prize for rank 1, 2, ... (up to 100); empty: none.",
}
