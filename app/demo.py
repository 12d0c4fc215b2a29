"""`pointsmall demo`: a seeded merchant to explore the API with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from app.core.settings import Settings
from app.earning.models import EarnRuleKind
from app.earning.pricing import PurchaseRequest
from app.earning.programme import create_campaign, create_occasion_rule, list_rules
from app.earning.purchases import record_purchase
from app.earning.rules import CampaignKind, Item
from app.earning.specs import CampaignSpec, OccasionRuleSpec
from app.ledger.commands import Award
from app.ledger.currencies import CurrencySpec
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.members.service import upsert_member
from app.onboarding import MerchantSignUp, sign_up_merchant
from tenants.lookups import tenant_of_staff_email
from tenants.tokens import TokenIssuer

DEMO_EMAIL = "owner@demo-coffee.example"
DEMO_PASSWORD = "Demo-Coffee-2026"
DEMO_MEMBERS = [
    ("m-1001", "李雷", "lilei@example.com"),
    ("m-1002", "韩梅梅", "hanmeimei@example.com"),
    ("m-1003", "Jim Green", "jim@example.com"),
]

DEMO_ITEMS = (
    Item("oat-latte", "drinks", frozenset({"new"}), 3_200, 1),
    Item("cheesecake", "food", frozenset(), 3_600, 1),
)

FIRST_QUERY = """\
# In GraphiQL, set the header {"Authorization": "Bearer <accessToken>"} after logging in:
mutation { login(input: {email: "%s", password: "%s"}) {
  session { accessToken } userErrors { code message } } }

query { viewer { kind role tenant { name slug currency { code pointsPerFiatUnit } } }
  members(first: 10) { nodes { id externalId displayName
    wallet { available posted pendingCredit } tier { tier { name } needed }
    history(first: 5) { nodes { code reason change references } } } } }
"""


async def seed_demo(settings: Settings, url: str) -> None:
    """Create the demo merchant and members unless they exist, then print how to log in."""
    tenant_id = await tenant_of_staff_email(DEMO_EMAIL)
    if tenant_id is None:
        signup = MerchantSignUp(
            merchant_name="Demo Coffee 示范咖啡",
            slug="demo-coffee",
            owner_email=DEMO_EMAIL,
            owner_password=DEMO_PASSWORD,
            currency=CurrencySpec("BEAN", "Coffee beans", "CNY", 100),
        )
        tenant_id = (await sign_up_merchant(signup, TokenIssuer(settings), settings)).tenant_id
    await _demo_rules(tenant_id)
    for number, (external_id, name, email) in enumerate(DEMO_MEMBERS, start=1):
        member = (
            await upsert_member(tenant_id, external_id, {"display_name": name, "email": email})
        ).member
        award = Award(
            member.id, 500 * number, "Welcome to Demo Coffee", metadata={"campaign_id": "welcome"}
        )
        await post_journal(tenant_id, JournalRequest(award, "demo", f"demo-welcome-{external_id}"))
        order = PurchaseRequest(
            member.id, None, f"DEMO-{external_id}", 6_800, "CNY", DEMO_ITEMS, datetime.now(UTC)
        )
        await record_purchase(tenant_id, order, "demo", f"demo-order-{external_id}")
    print(f"Demo merchant ready. GraphiQL: {url}")
    print(f"Owner login: {DEMO_EMAIL} / {DEMO_PASSWORD}\n")
    print(FIRST_QUERY % (DEMO_EMAIL, DEMO_PASSWORD))


async def _demo_rules(tenant_id: UUID) -> None:
    """A check-in rule and a double-points campaign on new drinks, once."""
    if any(rule.kind is EarnRuleKind.CHECK_IN for rule in await list_rules(tenant_id)):
        return
    daily = OccasionRuleSpec(EarnRuleKind.CHECK_IN, "每日签到", schedule=[5, 5, 10, 10, 15, 15, 30])
    await create_occasion_rule(tenant_id, daily)
    now = datetime.now(UTC)
    campaign = CampaignSpec(
        "新品双倍积分", CampaignKind.MULTIPLIER, now, now + timedelta(days=30), "2", tags=["new"]
    )
    await create_campaign(tenant_id, campaign)
