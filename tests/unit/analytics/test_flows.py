"""Flow categories add up to the liability's change, bucket by bucket."""

from __future__ import annotations

import pytest

from app.analytics.flows import Flows, IssueSource, closing_liabilities


def test_a_bucket_of_each_category_nets_to_the_liability_change() -> None:
    # given a day: 1,000 purchase points and 200 check-in points issued; 500 spent on rewards
    # of which 100 came back on a cancellation; 50 expired; 30 clawed back; 70 exchanged out
    flows = Flows()
    for category, points in [
        ("ISSUED:PURCHASE", 1_000),
        ("ISSUED:CHECK_IN", 200),
        ("REDEEMED", 500),
        ("RETURNED", 100),
        ("EXPIRED", 50),
        ("ADJUSTED", 30),
        ("EXCHANGED_OUT", 70),
    ]:
        flows.add(category, points)

    # then issued is 1,200, redeemed is 400 net, and members hold 650 more
    assert flows.issued == {IssueSource.PURCHASE: 1_000, IssueSource.CHECK_IN: 200}
    assert (flows.issued_total, flows.redeemed_net) == (1_200, 400)
    assert flows.net == 1_200 - 400 - 50 - 30 - 70 == 650


def test_an_unknown_category_is_an_error_not_a_silent_zero() -> None:
    with pytest.raises(ValueError, match="NEW_KIND"):
        Flows().add("NEW_KIND", 1)


def test_closing_liabilities_walk_back_from_the_last_bucket() -> None:
    # given three days netting +100, -30, +50, and 500 held at the end of the last
    days = [Flows(), Flows(), Flows()]
    days[0].add("ISSUED:MANUAL", 100)
    days[1].add("REDEEMED", 30)
    days[2].add("ISSUED:TASK", 50)

    # then the days closed at 480, 450 and 500
    assert closing_liabilities(days, 500) == [480, 450, 500]


def test_merged_flows_sum_each_category() -> None:
    first, second = Flows(), Flows()
    first.add("ISSUED:REFERRAL", 10)
    second.add("ISSUED:REFERRAL", 5)
    second.add("EXPIRED", 3)
    total = first.merged(second)
    assert (total.issued, total.expired) == ({IssueSource.REFERRAL: 15}, 3)
