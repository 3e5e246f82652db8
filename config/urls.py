from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from accounts.admin_login import admin_login
from homework import views as homework_views

admin.site.site_header = "Stillpoint administration"
admin.site.site_title = "Stillpoint admin"

urlpatterns = [
    path("", homework_views.home, name="home"),
    path("", include("homework.urls")),
    path("teach/", include("course.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Before admin.site.urls, so that it wins over Django's unthrottled admin login form.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("notifications/", include("notifications.urls", namespace="notifications")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
