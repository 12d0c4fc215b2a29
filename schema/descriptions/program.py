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
}
