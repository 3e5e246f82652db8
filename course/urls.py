from django.urls import path

from course import views

urlpatterns = [
    path("invite/<str:token>/", views.accept_invitation, name="invitation_accept"),
]
