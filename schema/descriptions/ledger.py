"""Wallets, lots, history, the points policy, leaderboards and tiers."""

from __future__ import annotations

DESCRIPTIONS = {
    "TransferPhase.SINGLE": "Points moved at once (award, deduct, redemption, transfer).",
    "TransferPhase.PENDING": "Points reserved by a hold: counted in `pendingDebit`/"
    "`pendingCredit`, not yet moved.",
    "TransferPhase.POST": "A hold completed: its points moved.",
    "TransferPhase.VOID": "A hold released: its points went back.",
    "TransferPhase.EXPIRE": "A hold ran past its expiry and was released by the worker.",
    "LedgerErrorCode.INVALID_POLICY": "The points policy is inconsistent: a field its expiry "
    "kind needs is missing or out of range (`field` and `message` say which).",
    "LedgerErrorCode.SAME_MEMBER": "A member cannot transfer points to themselves. Ask for "
    "another recipient.",
    "LedgerErrorCode.TRANSFERS_DISABLED": "This merchant does not allow members to transfer "
    "points to each other. Hide the transfer option.",
    "LedgerErrorCode.DAILY_CAP_REACHED": "The member's transfers today would pass the "
    "merchant's daily cap; `message` says how much is left. Try a smaller amount or tomorrow.",
    "LedgerErrorCode.TRANSFER_NOT_FOUND": "No spend of this member's points has this id. Check "
    "the transfer id you are refunding.",
    "LeaderboardPeriod": "Which ranking: the current week, the current month, or all time.",
    "LeaderboardPeriod.WEEK": "Points earned this ISO week (Monday first).",
    "LeaderboardPeriod.MONTH": "Points earned this calendar month.",
    "LeaderboardPeriod.ALL_TIME": "Points earned since the member joined.",
    "ExpiryKind.NEVER": "Points never expire.",
    "ExpiryKind.ROLLING_DAYS": "Each lot expires `expiryDays` days after it was earned.",
    "ExpiryKind.MONTH_END": "Each lot expires at the end of the month `expiryMonths` months "
    "after it was earned.",
    "ExpiryKind.YEARLY_DATE": "Everything expires when the next `clearingMonth`/`clearingDay` "
    "ends, at the merchant's midnight (年底清零 on 12-31).",
    "ExpiryKind.INACTIVITY": "The whole balance expires after `expiryDays` days without earning "
    "or spending.",
    "RestoreRule.ORIGINAL_EXPIRY": "Points coming back from a refund keep the expiry they had.",
    "RestoreRule.FRESH": "Points coming back from a refund get a new expiry, as if just earned.",
    "TierErrorCode.TIER_NOT_FOUND": "No tier of your tenant has this id. Check the id.",
    "TierErrorCode.RANK_TAKEN": "Another tier already has this rank; ranks order tiers and are "
    "unique. Pick a free rank or move the other tier first.",
    "TierBasis.POINTS_EARNED": "Qualify by points earned in the window (spending does not "
    "lower it).",
    "TierBasis.FIAT_SPENT": "Qualify by money spent in the window, in minor units.",
    "TierWindow.ROLLING_MONTHS": "The last `months` months up to today.",
    "TierWindow.CALENDAR_YEAR": "The current calendar year.",
    "Query.leaderboard(period)": "Which ranking to read.",
    "LeaderboardStanding.rank": "The member's place, 1 for the top; ties share the better place.",
    "LeaderboardStanding.points": "The points the member earned in the period.",
    "LeaderboardEntry": "One place of a leaderboard.",
    "LeaderboardEntry.rank": "The place, 1 for the top.",
    "ExpiringPoints.expiresAt": "When these points expire.",
    "ExpiringPoints.points": "How many points expire then.",
    "PointsLot.earnedAt": "When the lot's points were earned.",
    "PointsHistoryEntry.journalId": "The ledger journal this entry belongs to (the operation that "
    "moved the points).",
    "PointsHistoryEntry.phase": "Whether points moved, were held, or a hold was resolved.",
    "PointsPolicy.expiryKind": "How points expire.",
    "PointsPolicy.expiryDays": "Days, for ROLLING_DAYS and INACTIVITY.",
    "PointsPolicy.expiryMonths": "Months, for MONTH_END.",
    "PointsPolicy.clearingMonth": "The clearing month (1-12), for YEARLY_DATE.",
    "PointsPolicy.clearingDay": "The clearing day of the month, for YEARLY_DATE: the last day "
    "points are valid (they expire at the merchant's midnight that ends it).",
    "PointsPolicy.restoreRule": "The expiry of points that come back from a refund.",
    "PointsPolicy.memberTransfersEnabled": "Whether members may transfer points to each other.",
    "PointsPayload.wallets": "Every wallet the mutation touched, as it stands afterwards; empty "
    "when refused.",
    "WalletAfter.memberId": "The member whose wallet this is.",
    "WalletAfter.posted": "Points the wallet holds, holds not counted.",
    "WalletAfter.pendingDebit": "Points reserved by open holds on this wallet.",
    "WalletAfter.pendingCredit": "Points on their way in through open holds.",
    "WalletAfter.available": "What the member can spend now: posted minus pendingDebit.",
    "AwardPointsInput.memberId": "The member who receives the points.",
    "DeductPointsInput.memberId": "The member whose points are taken.",
    "DeductPointsInput.reason": "Why, 1-500 characters: kept in the member's history.",
    "DeductPointsInput.references": "A JSON object of your own references (say, your order "
    "number), kept with the journal.",
    "TransferPointsInput.toMemberId": "The member who receives the points (of the same merchant).",
    "TransferPointsInput.amount": "How many points, 1 or more.",
    "TransferPointsInput.reason": "A note kept in both members' history.",
    "UpdatePointsPolicyInput.expiryKind": "How points expire; the fields it needs are required.",
    "UpdatePointsPolicyInput.restoreRule": "The expiry of points that come back from a refund.",
    "UpdatePointsPolicyInput.memberTransfersEnabled": "Allow members to transfer points to each "
    "other.",
    "UpdatePointsPolicyInput.memberTransferDailyCap": "The most points one member may transfer a "
    "day; 0 for no cap.",
    "MemberTierStatus.tier": "The member's tier now.",
    "MemberTierStatus.nextTier": "The next tier up; null at the top.",
    "MemberTierStatus.basis": "What qualification counts (points earned or money spent).",
    "Tier.name": "The tier's name (e.g. 金卡).",
    "Tier.birthdayMultiplier": 'BIRTHDAY rule points x this, a decimal string such as "2".',
    "Tier.perks": "The tier's benefits in words, as the mall lists them.",
    "TierChange.fromTierId": "The tier before; null for the first assignment.",
    "TierChange.toTierId": "The tier after.",
    "TierChange.reason": "Why: qualification, grace period over, or staff's reason.",
    "TierPolicy.basis": "What qualification counts.",
    "TierPolicy.window": "Over which period it counts.",
    "TierPolicy.months": "The window's length for ROLLING_MONTHS.",
    "TierInput.name": "The tier's name, 1-100 characters.",
    "TierInput.rank": "0 for the entry tier; higher ranks are better; unique.",
    "TierInput.threshold": "Points earned (or minor units spent) in the window to qualify.",
    "TierInput.earnMultiplier": 'Purchase points x this, a decimal string from "1" to "10".',
    "TierInput.birthdayMultiplier": 'BIRTHDAY rule points x this, a decimal string from "1" to '
    '"10".',
    "TierInput.perks": "The tier's benefits in words, as the mall lists them.",
    "UpdateTierInput.tierId": "The tier to change.",
    "UpdateTierInput.tier": "The tier's new definition, as a whole.",
    "TierPolicyInput.basis": "What qualification counts.",
    "TierPolicyInput.window": "Over which period it counts.",
    "TierPolicyInput.months": "The window's length for ROLLING_MONTHS, 1 to 60.",
    "TierPolicyInput.graceDays": "Days a member keeps a tier after falling below its threshold "
    "(0-365) before moving down.",
    "SetMemberTierInput.memberId": "The member to move.",
    "SetMemberTierInput.tierId": "Their new tier.",
    "SetMemberTierInput.reason": "Why, kept in the member's tier history.",
    "Mutation.cancelPointValue(effectiveFrom)": "The start of the scheduled change, as "
    "`pointValues` gives it.",
}
