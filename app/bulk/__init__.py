"""Bulk work run by the worker: thousands of point awards or deductions from a CSV or a list,
with a dry run, progress, a cancel, the failed rows, and each row applied exactly once even when
a worker is killed half-way (every row's journal is keyed by job and row)."""
