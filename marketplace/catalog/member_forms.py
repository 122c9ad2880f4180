"""Forms for the chair's member records: profiles, trainings, certificates (validation only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.accounts.forms import REQUIRED
from marketplace.catalog.member_models import AGE_BANDS, GENDERS, MEMBER_ROLES
from marketplace.core.forms import FlaskForm
from marketplace.core.text import squash_spaces

NOT_SAID = _l("— tidak diisi —")
BAD_DATE = _l("Tanggal tidak valid.")


class MemberForm(FlaskForm):
    name = StringField(
        _l("Nama anggota"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        filters=[squash_spaces],
    )
    role = SelectField(_l("Peran dalam kelompok"), choices=list(MEMBER_ROLES.items()))
    age_band = SelectField(
        _l("Kelompok umur (boleh dikosongkan)"), choices=[("", NOT_SAID), *AGE_BANDS.items()]
    )
    gender = SelectField(
        _l("Jenis kelamin (boleh dikosongkan)"), choices=[("", NOT_SAID), *GENDERS.items()]
    )

    def profile_data(self) -> dict:
        return {
            "name": self.name.data,
            "role": self.role.data,
            "age_band": self.age_band.data or None,
            "gender": self.gender.data or None,
        }


class TrainingForm(FlaskForm):
    title = StringField(
        _l("Nama pelatihan"),
        validators=[DataRequired(REQUIRED), Length(max=160)],
        filters=[squash_spaces],
    )
    provider = StringField(
        _l("Penyelenggara"), validators=[Optional(), Length(max=160)], filters=[squash_spaces]
    )
    completed_on = DateField(_l("Tanggal selesai"), validators=[Optional()])
    hours = IntegerField(
        _l("Jumlah jam pelajaran"),
        validators=[Optional(), NumberRange(1, 10_000, message=_l("Jumlah jam tidak masuk akal."))],
    )

    def training_data(self) -> dict:
        return {
            "title": self.title.data,
            "provider": self.provider.data or "",
            "completed_on": self.completed_on.data,
            "hours": self.hours.data,
        }


class CertificateForm(FlaskForm):
    scheme = StringField(
        _l("Skema sertifikasi"),
        validators=[DataRequired(REQUIRED), Length(max=160)],
        filters=[squash_spaces],
        render_kw={"list": "scheme-list", "autocomplete": "off"},
    )
    issuer = StringField(
        _l("Lembaga penerbit (mis. LSP berlisensi BNSP)"),
        validators=[DataRequired(REQUIRED), Length(max=160)],
        filters=[squash_spaces],
    )
    number = StringField(
        _l("Nomor sertifikat"),
        validators=[DataRequired(REQUIRED), Length(max=60)],
        filters=[squash_spaces],
    )
    issued_on = DateField(_l("Tanggal terbit"), validators=[DataRequired(BAD_DATE)])
    expires_on = DateField(
        _l("Berlaku sampai (kosongkan bila seumur hidup)"), validators=[Optional()]
    )
    scan = FileField(_l("Pindaian sertifikat (PDF atau foto, maks. 5 MB)"))

    def certificate_data(self) -> dict:
        return {
            "scheme": self.scheme.data,
            "issuer": self.issuer.data,
            "number": self.number.data,
            "issued_on": self.issued_on.data,
            "expires_on": self.expires_on.data,
        }


class NewCertificateForm(CertificateForm):
    scan = FileField(
        _l("Pindaian sertifikat (PDF atau foto, maks. 5 MB)"),
        validators=[FileRequired(_l("Unggah pindaian sertifikat."))],
    )
