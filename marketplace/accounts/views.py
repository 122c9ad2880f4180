"""Account pages: register, log in/out, passwords."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from marketplace.accounts import bp, services
from marketplace.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    InvestorRegisterForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from marketplace.accounts.models import ROLE_INVESTOR
from marketplace.core.security import safe_next
from marketplace.extensions import db, limiter


def _login_account_key() -> str:
    # Keyed by account *and* address: a stranger failing on someone's account locks only
    # themselves out, never the owner on their own phone (the per-address limit still caps
    # how many accounts one address may try).
    identifier = (request.form.get("identifier") or "").strip().lower()[:254]
    return f"login-account:{identifier}|{get_remote_address()}"


def _failed_login(_response) -> bool:
    return bool(g.get("login_failed"))


def _start_session(user) -> None:
    """Log the user in on a fresh session (renewed at login against session fixation)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user, remember=False)
    session["pw"] = services.session_fingerprint(user)


def _landing(user) -> str:
    """Where a login without `next=` leads: a producer's work is on the group's work page."""
    return url_for("catalog.my_group") if user.is_producer else url_for("catalog.home")


def _register(form, role: str, template: str):
    if form.validate_on_submit():
        g.register_attempt = True  # counted by the registration limit
        try:
            services.register_quietly(
                db.session,
                name=form.name.data,
                email=form.email.data,
                phone=form.phone.data,
                password=form.password.data,
                role=role,
                organization=getattr(form, "organization", None) and form.organization.data,
                login_url=url_for("accounts.login", _external=True),
            )
        except services.AccountError as exc:
            flash(str(exc), "danger")
            return render_template(template, form=form), 422
        db.session.commit()
        # The same answer whether the account was created or the email/number was taken
        # (its owner got an email): nobody learns from this page who has an account.
        flash(
            _(
                "Pendaftaran diterima. Jika email dan nomor HP ini belum pernah dipakai, akun "
                "Anda sudah dibuat: silakan masuk. Jika sudah pernah dipakai, kami mengirim "
                "petunjuk ke email pemilik akun."
            ),
            "info",
        )
        if role == ROLE_INVESTOR:
            flash(_("Akun investor baru menunggu persetujuan pendamping."), "info")
        return redirect(url_for("accounts.login"), 303)
    status = 422 if form.errors else 200
    return render_template(template, form=form), status


def _register_limit() -> str:
    return current_app.config["REGISTER_LIMIT_PER_ADDRESS"]


def _register_attempted(_response) -> bool:
    # Only complete forms count: they are what could probe for accounts; a form sent back
    # for a typo costs nothing.
    return bool(g.get("register_attempt"))


@bp.route("/daftar", methods=["GET", "POST"])
@limiter.shared_limit(
    _register_limit, scope="register", methods=["POST"], deduct_when=_register_attempted
)
def register():
    """Register a buyer account."""
    if current_user.is_authenticated:
        return redirect(url_for("catalog.home"))
    return _register(RegisterForm(), "buyer", "accounts/register.html")


@bp.route("/daftar-investor", methods=["GET", "POST"])
@limiter.shared_limit(
    _register_limit, scope="register", methods=["POST"], deduct_when=_register_attempted
)
def register_investor():
    """Register an investor account (waits for an officer's approval)."""
    if current_user.is_authenticated:
        return redirect(url_for("catalog.home"))
    return _register(InvestorRegisterForm(), ROLE_INVESTOR, "accounts/register_investor.html")


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_failed_login,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_failed_login,
)
def login():
    """Log in with email or mobile number."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), _landing(current_user)))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(db.session, form.identifier.data, form.password.data)
        if user is None:
            g.login_failed = True
            db.session.rollback()
            flash(_("Email/nomor HP atau kata sandi salah."), "danger")
            return render_template("accounts/login.html", form=form), 401
        db.session.commit()
        _start_session(user)
        return redirect(safe_next(request.args.get("next"), _landing(user)))
    return render_template("accounts/login.html", form=form), (422 if form.errors else 200)


@bp.route("/keluar", methods=["POST"])
def logout():
    """Log out, forget the session and end copies of its cookie (the session generation)."""
    if current_user.is_authenticated:
        services.end_sessions(db.session, current_user)
        db.session.commit()
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Anda sudah keluar."), "info")
    response = redirect(url_for("catalog.home"))
    # Pickup passes the app kept for offline use leave the device with the session.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/kata-sandi", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the logged-in user's password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                db.session, current_user, form.current.data, form.password.data
            )
        except services.AccountError as exc:
            flash(str(exc), "danger")
            return render_template("accounts/change_password.html", form=form), 422
        db.session.commit()
        session["pw"] = services.session_fingerprint(current_user)  # this session stays
        flash(_("Kata sandi sudah diganti."), "success")
        return redirect(url_for("catalog.home"))
    return render_template("accounts/change_password.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/lupa-kata-sandi", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    """Send a one-time reset link (the same answer whether or not the email exists)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_by_login(db.session, form.email.data)
        if user is not None:
            link = url_for(
                "accounts.reset_password", token=services.make_reset_token(user), _external=True
            )
            services.send_email(
                user.email,
                _("Pulihkan kata sandi Pasar TKM"),
                _("Buka tautan ini untuk membuat kata sandi baru (berlaku 1 jam, sekali pakai):")
                + f"\n{link}\n",
            )
        flash(_("Jika email terdaftar, tautan pemulihan sudah dikirim."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/pulihkan/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password from a reset link."""
    if services.user_for_reset_token(db.session, token) is None:
        flash(_("Tautan pemulihan tidak berlaku atau sudah dipakai."), "danger")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(db.session, token, form.password.data)
        db.session.commit()
        flash(_("Kata sandi baru tersimpan. Silakan masuk."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), (422 if form.errors else 200)
