"""Accounts: users, roles, login and registration, password recovery, officer CLI.

The views add their routes to `bp` when the factory imports them (they import this module for
`bp`, so this module does not import them back).
"""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/akun")
