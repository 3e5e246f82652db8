from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.my_questionnaires, name="list"),
    path("<uuid:enrolment_id>/before-and-after/", views.before_after, name="before_after"),
    path("<uuid:enrolment_id>/<slug:time_point>/", views.questionnaire, name="questionnaire"),
]
