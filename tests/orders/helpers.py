"""Shared helpers for the orders tests."""

from __future__ import annotations

from datetime import timedelta

from marketplace.orders.logistics import now_wib


def tomorrow():
    return now_wib().date() + timedelta(days=1)


def slot(day, window) -> str:
    return f"{day.isoformat()}|{window.id}"


def pickup_form(group, logistics, *, day=None, window="siang", point=0) -> dict:
    day = day or tomorrow()
    return {
        f"mode-{group.id}": "pickup",
        f"slot-{group.id}": slot(day, logistics["windows"][window]),
        f"point-{group.id}": str(logistics["points"][point].id),
    }


def delivery_form(group, logistics, *, zone=0, note="Kamar 12, Blok B", day=None) -> dict:
    day = day or tomorrow()
    return {
        f"mode-{group.id}": "delivery",
        f"slot-{group.id}": slot(day, logistics["windows"]["malam"]),
        f"zone-{group.id}": str(logistics["zones"][zone].id),
        f"note-{group.id}": note,
    }


def add_to_cart(client, product, quantity=1):
    return client.post("/keranjang/tambah", data={"product_id": product.id, "quantity": quantity})
