from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from course import views as course_views

admin.site.site_header = "Stillpoint administration"
admin.site.site_title = "Stillpoint admin"

urlpatterns = [
    path("", course_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("notifications/", include("notifications.urls", namespace="notifications")),
    path("", include("homework.urls", namespace="homework")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
