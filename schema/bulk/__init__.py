"""Bulk jobs in the API."""
