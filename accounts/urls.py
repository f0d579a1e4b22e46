from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, wecom

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/identity/", views.IdentityStartView.as_view(), name="oidc_start"),
    path("login/identity/callback/", views.IdentityCallbackView.as_view(), name="oidc_callback"),
    path("account/identity/", views.identity_link, name="identity_link"),
    path("account/identity/link/", views.identity_link_start, name="identity_link_start"),
    path("account/identity/unlink/", views.identity_unlink, name="identity_unlink"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("wecom/login/", wecom.login_start, name="wecom_login"),
    path("wecom/link/", wecom.link_start, name="wecom_link"),
    path("wecom/callback/", wecom.callback, name="wecom_callback"),
    path("wecom/unlink/", wecom.unlink, name="wecom_unlink"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
