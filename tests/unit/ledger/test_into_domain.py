"""A ledger refusal crosses into a domain under the domain's own code, or fails loudly."""

from __future__ import annotations

import pytest

from app.earning.errors import EarningError, EarningErrorCode
from app.exchange.errors import ExchangeError, ExchangeErrorCode
from app.ledger.errors import LedgerError, LedgerErrorCode, UnmappedLedgerError, into_domain
from app.redemption.errors import RedemptionError


def test_a_code_the_domain_shares_keeps_its_name_message_and_field() -> None:
    refusal = LedgerError(LedgerErrorCode.INSUFFICIENT_POINTS, "Only 5 available.", "amount")
    error = into_domain(refusal, EarningError)
    assert isinstance(error, EarningError)
    assert (error.code, error.message, error.field) == (
        EarningErrorCode.INSUFFICIENT_POINTS,
        "Only 5 available.",
        "amount",
    )


def test_the_callers_field_wins() -> None:
    refusal = LedgerError(LedgerErrorCode.MEMBER_BLOCKED, "Blocked.", "memberId")
    assert into_domain(refusal, ExchangeError, "quoteId").field == "quoteId"


def test_a_refusal_of_the_inputs_shape_becomes_invalid_input() -> None:
    refusal = LedgerError(LedgerErrorCode.INVALID_AMOUNT, "Amount too large.", "amount")
    assert into_domain(refusal, ExchangeError).code is ExchangeErrorCode.INVALID_INPUT


def test_a_state_the_domain_cannot_name_fails_loudly() -> None:
    refusal = LedgerError(LedgerErrorCode.TRANSFERS_DISABLED, "Transfers are off.")
    with pytest.raises(UnmappedLedgerError, match="RedemptionError has no code"):
        into_domain(refusal, RedemptionError)
