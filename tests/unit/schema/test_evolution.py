"""The breaking-change check: a planted removal fails it, an additive change passes, and a
removal passes only once it was deprecated and is announced."""

from __future__ import annotations

from schema.evolution import baseline_commit, verdict

BASE = """
type Query {
  wallet(memberId: ID!): Int
  rewards: [String!]! @deprecated(reason: "Use catalog.")
  catalog: [String!]!
  tier: Tier
}
enum Tier { SILVER GOLD }
"""


def test_a_planted_removal_fails_unless_announced_and_deprecated_first() -> None:
    removed = BASE.replace("  wallet(memberId: ID!): Int\n", "")

    found = verdict(BASE, removed, "# API changelog\n")

    assert not found.ok
    assert [c.coordinate for c in found.unannounced] == ["Query.wallet"]
    assert [c.coordinate for c in found.undeprecated] == ["Query.wallet"]
    announced = verdict(BASE, removed, "### Breaking\n- `Query.wallet` removed: use `me`.")
    assert [
        c.coordinate for c in verdict(BASE, removed, "### Added\n- `Query.wallet`").unannounced
    ] == ["Query.wallet"]  # named elsewhere is not announced
    assert announced.unannounced == []
    assert not announced.ok  # it was never deprecated


def test_an_additive_change_passes() -> None:
    added = BASE.replace("  catalog: [String!]!\n", "  catalog: [String!]!\n  tiers: [Tier!]!\n")

    assert verdict(BASE, added, "").ok


def test_a_deprecated_removal_that_is_announced_passes() -> None:
    removed = BASE.replace('  rewards: [String!]! @deprecated(reason: "Use catalog.")\n', "")

    assert not verdict(BASE, removed, "").ok
    assert verdict(BASE, removed, "### Breaking\n- `Query.rewards` removed (deprecated in 1.2).").ok


def test_an_enum_value_removed_is_breaking() -> None:
    found = verdict(BASE, BASE.replace("SILVER GOLD", "GOLD"), "")

    assert [c.coordinate for c in found.unannounced] == ["Tier.SILVER"]


def test_the_baseline_is_read_from_the_changelog() -> None:
    assert baseline_commit("x\n<!-- schema-baseline: f4c715e104c9 -->\n") == "f4c715e104c9"
    assert baseline_commit("no baseline") is None
