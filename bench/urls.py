"""The real URLs plus two bench-only floors. Only bench/settings.py routes here; production never."""

from django.urls import path

from bench import views
from config.urls import urlpatterns as real_urlpatterns

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    path("bench/insert/", views.bare_insert, name="bench_insert"),
    *real_urlpatterns,
]
