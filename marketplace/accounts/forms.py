"""Account forms (validation only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField, TelField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from marketplace.core.forms import FlaskForm
from marketplace.core.phone import normalize_phone
from marketplace.core.text import squash_spaces

REQUIRED = _l("Wajib diisi.")


def indonesian_mobile(_form: FlaskForm, field: StringField) -> None:
    """Accept only Indonesian mobile numbers (08…, +628…)."""
    if not normalize_phone(field.data or ""):
        raise ValidationError(_l("Nomor HP harus nomor seluler Indonesia (08… atau +628…)."))


def _password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(REQUIRED),
            Length(min=8, max=128, message=_l("Kata sandi 8 sampai 128 karakter.")),
        ],
    )


class RegisterForm(FlaskForm):
    name = StringField(
        _l("Nama lengkap"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        filters=[squash_spaces],
    )
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=254),
            Email(message=_l("Alamat email tidak valid."), check_deliverability=False),
        ],
    )
    phone = TelField(
        _l("Nomor HP (WhatsApp)"), validators=[DataRequired(REQUIRED), indonesian_mobile]
    )
    password = _password_field(_l("Kata sandi"))
    confirm = PasswordField(
        _l("Ulangi kata sandi"),
        validators=[EqualTo("password", message=_l("Kata sandi tidak sama."))],
    )


class InvestorRegisterForm(RegisterForm):
    organization = StringField(
        _l("Lembaga (bank, perusahaan/CSR, atau perorangan)"),
        validators=[DataRequired(REQUIRED), Length(max=160)],
        filters=[squash_spaces],
    )


class LoginForm(FlaskForm):
    identifier = StringField(
        _l("Email atau nomor HP"), validators=[DataRequired(REQUIRED), Length(max=254)]
    )
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(REQUIRED), Length(max=128)])
    remember = BooleanField(_l("Ingat saya"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Kata sandi saat ini"), validators=[DataRequired(REQUIRED), Length(max=128)]
    )
    password = _password_field(_l("Kata sandi baru"))
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[EqualTo("password", message=_l("Kata sandi tidak sama."))],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=254),
            Email(message=_l("Alamat email tidak valid."), check_deliverability=False),
        ],
    )


class ResetPasswordForm(FlaskForm):
    password = _password_field(_l("Kata sandi baru"))
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[EqualTo("password", message=_l("Kata sandi tidak sama."))],
    )
