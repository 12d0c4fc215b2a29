"""The points ledger: the only code that moves points.

Double-entry and append-only, in integer points. Each tenant has one point currency valued in
fiat as an exact ratio (`fiat_minor_units` minor units per `points_per_unit` points, e.g. 100
fen per 100 points). Accounts are keyed by (tenant, currency, kind, owner, slot) and carry
materialised balances (`posted`, `pending_dr`, `pending_cr`); a member wallet may never have
`posted - pending_dr` below zero. System accounts are owned by their tenant. A journal is one
transfer from a debit account to a credit account (sign convention: the debit's `posted` goes
down, the credit's up), so every journal sums to zero per currency by construction.

The contract PostgreSQL enforces, whatever this package's Python does (and the migration that
defines each rule):

- Balances change only in the `transfer_apply` trigger on transfer insert (0004; replaced in
  0035 to keep the analytics rollups and the wallet's last activity in the same statement).
  The application role may insert transfers but cannot update balances (0004's grants), and an
  account opens with zero balances (`account_opens_empty`, 0004).
- `account_no_overdraft_ck`: a no-overdraft account (member wallets, the platform treasury)
  never has `posted - pending_dr` below zero; `account_balances_ck`: pending sides are never
  negative (0002); `account_balance_limit_ck`: no wallet (a no-overdraft account) holds, posted
  plus pending in, more than 2^53-1 points, the `Points` range clients read exactly; a
  transfer that would cross it is refused as BALANCE_LIMIT (0038).
- Transfers: `transfer_amount_ck` (1 to 2^53-1 points), `transfer_two_accounts_ck`,
  `transfer_phase_ck`, `transfer_pending_ref_ck` (only POST/VOID/EXPIRE name a hold); both
  accounts in the transfer's own tenant and currency (checked in `transfer_apply`) (0004).
- Holds: `transfer_resolves_once_uq` (a hold resolves at most once); a post takes at most the
  held amount and never after the hold expired; a void or expiry releases all of it
  (`transfer_apply`, 0004).
- Journals, transfers and lot allocations are append-only: no UPDATE/DELETE grant, and the
  `ledger_append_only` trigger refuses them even to the owner (0004).
- Lots: `lot_amounts_ck` (0 <= reserved <= remaining <= amount, amount > 0);
  `lot_allocation_amount_ck`, `lot_allocation_kind_ck` (0004); at COMMIT every changed member
  wallet's lots add up to its balances (`wallet_lots_match`, a deferred constraint trigger,
  0004; replaced in 0034 to use its index).
- Idempotency: one record per (tenant, scope, key) (unique, 0003), `idempotency_outcome_ck`
  (0004).
- Row-level security on every ledger table: a transaction sees only the tenant it set (0004,
  through `migrations/_tenancy.py`).

Writes are grouped (`batcher.py`, `batch.py`): journals of one tenant that arrive together share
a transaction, awards and deductions applied by one statement (`ledger_batch`, 0040) that does
what the journal code (`journals.py`) would, command by command; everything else runs through
the journal code itself.

`pointsmall ledger verify` (`verify.py`) checks the invariants these rules imply over the data
itself, to catch what a bug or a hand edit did.
"""
