"""Program: officers' work (verification, investor approval, audit log).

The views add their routes to `bp` when the factory imports them (they import this module for
`bp`, so this module does not import them back).
"""

from flask import Blueprint

bp = Blueprint("program", __name__, url_prefix="/pendamping")
