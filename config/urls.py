from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from homework import views as homework_views

admin.site.site_header = "Stillpoint administration"
admin.site.site_title = "Stillpoint admin"

urlpatterns = [
    path("", homework_views.home, name="home"),
    path("", include("homework.urls")),
    path("teach/", include("course.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("notifications/", include("notifications.urls", namespace="notifications")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
