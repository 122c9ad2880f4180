"""Accounts: users, roles, login and registration, password recovery, officer CLI."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/akun")

from marketplace.accounts import cli, views  # noqa: E402,F401
