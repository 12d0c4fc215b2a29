"""Paying with points at the merchant's own checkout (积分抵扣): how much of an order points may
pay, a hold on the member's points while the customer pays, capture (all or part), void,
expiry by the worker, and points returned in proportion when the order is refunded."""
