"""Pointsmall: the running service and the domain."""
