"""Webhooks: events written in the transaction of their change, delivered signed (Standard
Webhooks) with retries, dead-lettered, and endpoints disabled when they keep failing."""
