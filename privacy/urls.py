from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/download/", views.request_export, name="request_export"),
    path("your-data/download/<str:token>/", views.download, name="download"),
    path("your-data/delete/", views.delete_account, name="delete"),
    path("your-data/delete/cancel/", views.cancel_deletion, name="cancel_deletion"),
]
