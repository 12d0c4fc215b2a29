"""Merchants, staff, API keys, sessions, members, money and jobs."""

from __future__ import annotations

DESCRIPTIONS = {
    "Query": "Every read of the API. Each field says who may call it.",
    "Mutation": "Every write of the API. Points and stock move only through mutations that "
    "take an `idempotencyKey`; expected refusals come back as `userErrors`, never as errors.",
    "Viewer.kind": "What kind of caller this is.",
    "PrincipalKind.ANONYMOUS": "No credential: only sign-up, login and public reads work.",
    "PrincipalKind.STAFF": "A merchant's staff user, with a role (see `StaffRole`).",
    "PrincipalKind.MEMBER": "A member token: the member reads and acts on their own account only.",
    "PrincipalKind.API_KEY": "A merchant's backend, with the key's scopes (see `ApiScope`).",
    "PrincipalKind.OPERATOR": "A platform operator: platform currency, exchange rates, "
    "settlement and merchant status; no merchant's own data.",
    "StaffRole.OWNER": "Everything, including owners, billing-level settings and API keys. A "
    "merchant always keeps one active owner.",
    "StaffRole.ADMIN": "Configures the programme (rules, tiers, rewards, webhooks) and manages "
    "staff below owner.",
    "StaffRole.STAFF": "Day-to-day work: members, points, orders and fulfilment.",
    "StaffRole.VIEWER": "Reads only.",
    "ApiScope.MEMBERS_READ": "Read members, their wallets, lots and history.",
    "ApiScope.MEMBERS_WRITE": "Create and update members (`upsertMember`) and block or unblock "
    "them.",
    "ApiScope.MEMBER_TOKENS": "Issue member tokens (`issueMemberToken`) for your own member app.",
    "ApiScope.POINTS_READ": "Read points policy, balances and ledger history.",
    "ApiScope.POINTS_WRITE": "Award, deduct, hold and release points, and redeem for members.",
    "ApiScope.PURCHASES_WRITE": "Record and refund purchases (`recordPurchase`, `refundPurchase`).",
    "ApiScope.EVENTS_WRITE": "Record members' events for EVENT earning rules (`recordEvent`).",
    "TenantStatus.ACTIVE": "The merchant works normally.",
    "TenantStatus.SUSPENDED": "Suspended by an operator: its tokens and API keys are refused "
    "until it is reactivated; its points and data are kept.",
    "TenancyErrorCode.SLUG_TAKEN": "Another merchant already uses this slug. Pick another one.",
    "TenancyErrorCode.EMAIL_TAKEN": "This email already has a login (a staff user or an "
    "operator). Sign in instead, or use another email.",
    "TenancyErrorCode.WEAK_PASSWORD": "The password is too short or too long, mixes fewer than "
    "three of lower case, upper case, digits and symbols, or contains the email's name; "
    "`message` says which. Ask for another password.",
    "TenancyErrorCode.INVALID_CREDENTIALS": "Email or password is wrong (the answer does not say "
    "which). Let the person try again; repeated failures are throttled with `RATE_LIMITED`.",
    "TenancyErrorCode.INVALID_REFRESH_TOKEN": "The refresh token is unknown, already used or "
    "expired (each works once). Send the person to log in again.",
    "TenancyErrorCode.TENANT_SUSPENDED": "An operator suspended this merchant: nobody of it can "
    "sign in until it is reactivated. Show that the account is suspended.",
    "TenancyErrorCode.NOT_FOUND": "No staff user, API key or merchant with this id is yours to "
    "act on. Check the id.",
    "TenancyErrorCode.ROLE_NOT_ALLOWED": "Only an owner may grant OWNER or change an owner. Ask "
    "an owner to do it.",
    "TenancyErrorCode.LAST_OWNER": "This would leave the merchant without an active owner. "
    "Make someone else owner first.",
    "Query.tenants(status)": "Only merchants in this status; all when null.",
    "Tenant.slug": "The merchant's short unique name (lower case letters, digits, hyphens), "
    "used in URLs and its H5 mall.",
    "Tenant.name": "The merchant's name as people read it.",
    "Tenant.status": "Whether the merchant works normally or is suspended.",
    "PointCurrency.code": "The currency's code (2-16 letters or digits, e.g. `BEANS`), unique "
    "across the platform: exchange and settlement name currencies by it.",
    "PointCurrency.name": "The currency's display name (e.g. 咖啡豆).",
    "StaffUser.email": "The email the staff user signs in with.",
    "StaffUser.displayName": "The name shown for the staff user in the portal and audit trails.",
    "StaffUser.role": "What the staff user may do.",
    "StaffUser.isActive": "False once deactivated: the staff user can no longer sign in.",
    "StaffUser.lastLoginAt": "The staff user's latest sign-in; null if they never signed in.",
    "ApiKey.name": "What the key is for, as the merchant named it.",
    "ApiKey.scopes": "What the key may do.",
    "ApiKey.revokedAt": "When the key was revoked; null while it works.",
    "SignUpMerchantInput.merchantName": "The merchant's name, 1-200 characters.",
    "SignUpMerchantInput.currency": "The merchant's own point currency.",
    "LoginInput.email": "The staff user's email (case does not matter).",
    "LoginInput.password": "The staff user's password.",
    "RefreshSessionInput.refreshToken": "The refresh token of the session; each works once and "
    "the answer carries the next one.",
    "CreateStaffUserInput.email": "The new staff user's email; it must not have a login yet.",
    "CreateStaffUserInput.password": "Their first password (see `WEAK_PASSWORD` for the rules).",
    "CreateStaffUserInput.displayName": "Their name as shown in the portal, 1-200 characters.",
    "UpdateStaffRoleInput.staffId": "The staff user to change.",
    "UpdateStaffRoleInput.role": "Their new role; OWNER only an owner may grant.",
    "DeactivateStaffUserInput.staffId": "The staff user who may no longer sign in.",
    "CreateApiKeyInput.name": "What the key is for, 1-200 characters.",
    "CreateApiKeyInput.scopes": "What the key may do; at least one scope.",
    "RevokeApiKeyInput.apiKeyId": "The key to revoke; it stops working at once.",
    "TenantStatusInput.tenantId": "The merchant to suspend or reactivate.",
    "JobCount.task": "The background task's name (e.g. `expire_points`).",
    "JobCount.count": "How many jobs of this task are in this status.",
    "Money.amount": "The amount in the currency's minor units (fen for CNY).",
    "Money.currency": "The ISO 4217 code (e.g. CNY).",
    "MoneyInput.amount": "The amount in the currency's minor units (fen for CNY), 0 or more.",
    "MoneyInput.currency": "The ISO 4217 code; must be the merchant's fiat currency.",
    "MemberStatus.ACTIVE": "The member earns and spends normally.",
    "MemberStatus.BLOCKED": "Blocked by the merchant: neither earns nor spends, and member "
    "tokens are refused.",
    "MemberErrorCode.NOT_FOUND": "No member of your tenant has this id. Check the id.",
    "Query.member(id)": "The member's id; give this or `externalId`.",
    "Query.member(externalId)": "The merchant's own id for the member; give this or `id`.",
    "Query.members(search)": "Matches external id, email, phone or name (case-insensitive, "
    "substring); all members when null.",
    "Member.email": "The member's email; null if unknown.",
    "Member.phone": "The member's phone number in E.164 (+8613900000002); null if unknown.",
    "Member.orders(status)": "Only orders in this status.",
    "CheckIn.at": "When the member checked in.",
    "Branding.logoUrl": "The mall's logo (https); null: the merchant's name instead.",
    "Tenant.branding": "How the merchant's member mall looks (updateTenant sets it).",
    "Member.emailVerified": "The merchant has checked the email; platform wallets link only by "
    "verified contacts.",
    "Member.phoneVerified": "The merchant has checked the phone (say, by an SMS code).",
    "Member.displayName": "The member's name as shown in the mall and the portal.",
    "Member.birthday": "The member's birthday; BIRTHDAY rules and tier birthday multipliers "
    "use it.",
    "Member.status": "ACTIVE, or BLOCKED by the merchant (neither earns nor spends).",
    "Member.leaderboardRank(period)": "The leaderboard period to rank in.",
    "Member.expiringPoints(withinDays)": "How many days ahead to look, 1 to 366.",
    "Member.history(filter)": "Only the entries this filter keeps; all when null.",
    "UpsertMemberInput.email": "The member's email; omit to keep it, null to clear it.",
    "UpsertMemberInput.phone": "The member's phone; omit to keep it, null to clear it.",
    "UpsertMemberInput.displayName": "The name shown for the member; omit to keep it.",
    "UpsertMemberInput.birthday": "The member's birthday; omit to keep it, null to clear it.",
    "UpsertMemberInput.attributes": "Any JSON object of your own (say, a store or a channel); "
    "replaces the stored one. Omit to keep it.",
    "MemberStatusInput.memberId": "The member to block or unblock.",
    "IssueMemberTokenInput.memberId": "The member the token acts for.",
}
