"""The outbox: messages that leave the site (email, web push, WhatsApp), written in the same
transaction as the change that caused them and delivered by `flask outbox work`."""

from flask import Blueprint

bp = Blueprint("outbox", __name__)
