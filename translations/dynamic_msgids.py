"""Message ids that `pybabel extract` cannot see because the code translates a variable.

`marketplace/orders/logistics.py` (and `templates/orders/officer_logistics.html`) pass the values of
`WINDOW_LABELS` to gettext at runtime. Listing them here keeps them in `messages.pot`, so
`pybabel update` keeps their translations. Nothing imports this module.
"""


def _(message: str) -> str:
    return message


DYNAMIC_MSGIDS = (
    _("Pagi"),
    _("Siang"),
    _("Malam"),
)
