"""Shared helpers with no feature knowledge."""
