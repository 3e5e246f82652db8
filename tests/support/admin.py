"""The admin checks every app's admin test makes: staff can use each page, others are sent away."""

from __future__ import annotations

from django.db import models
from django.test import Client
from django.urls import reverse


def url(model: type[models.Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def check_staff_can_use(client: Client, model: type[models.Model]) -> None:
    """List, search, add and open one row of `model` (the client is signed in as staff)."""
    assert client.get(url(model, "changelist")).status_code == 200
    assert client.get(url(model, "changelist"), {"q": "a"}).status_code == 200
    assert client.get(url(model, "add")).status_code == 200
    obj = model._default_manager.first()
    assert obj is not None
    assert client.get(url(model, "change", obj.pk)).status_code == 200


def check_refused(client: Client, models_: tuple[type[models.Model], ...]) -> None:
    """Each list page sends the client to the admin's sign-in."""
    for model in models_:
        response = client.get(url(model, "changelist"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
