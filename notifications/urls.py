from django.urls import path

from notifications import views, welcome

app_name = "notifications"

# Included at the site root: both paths are older than the app's namespace and appear in
# e-mails already sent, so they keep their addresses.
urlpatterns = [
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/", views.preferences, name="preferences"),
    path("welcome/", welcome.welcome, name="welcome"),
]
