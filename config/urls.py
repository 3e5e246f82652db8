from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from homework import views as homework_views

admin.site.site_header = "Stillpoint administration"
admin.site.site_title = "Stillpoint admin"
# Django's admin login form counts no failed passwords. allauth's wrapper sends a stranger to
# allauth's sign-in page (rate limits, second factor) with `next`, and refuses a signed-in
# person who is not staff instead of asking them to sign in again.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", homework_views.home, name="home"),
    path("", include("homework.urls")),
    path("teach/", include("teach.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("support/", include("outcomes.support_urls")),
    path("", include("course.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("notifications.urls", namespace="notifications")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
