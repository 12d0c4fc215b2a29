"""Netting a batch: generated obligations among many merchants (property-based)."""

from __future__ import annotations

from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from app.settlement.netting import Owed, net_obligations

MERCHANTS = [UUID(int=n) for n in range(1, 13)]
merchant = st.sampled_from(MERCHANTS)
amount = st.integers(min_value=0, max_value=10**12)
obligation = st.one_of(
    st.builds(lambda m, a: Owed("EXCHANGE_OUT", m, None, a), merchant, amount),
    st.builds(lambda m, a: Owed("EXCHANGE_IN", None, m, a), merchant, amount),
    st.builds(lambda a: Owed("SPREAD", None, None, a), amount),
)


@given(st.lists(obligation, max_size=200))
def test_nets_sum_to_zero_and_match_each_merchants_obligations(owed: list[Owed]) -> None:
    netted = net_obligations(owed)

    assert sum(netted.net(m) for m in netted.merchants) + netted.platform_net == 0
    for m in MERCHANTS:
        receives = sum(o.amount_minor for o in owed if o.creditor_id == m)
        pays = sum(o.amount_minor for o in owed if o.debtor_id == m)
        assert netted.net(m) == receives - pays
    assert netted.total == sum(o.amount_minor for o in owed if o.kind != "SPREAD")
    assert netted.spread == sum(o.amount_minor for o in owed if o.kind == "SPREAD")
    involved = {o.debtor_id for o in owed} | {o.creditor_id for o in owed}
    assert set(netted.merchants) == involved - {None}
