"""Mail settings: the folder mailbox by default, SMTP when given; every error names its variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.mail import FolderMailbox, MailAddress, SmtpTransport, make_mail_transport
from infra.settings import Settings, SettingsError
from tests.dkim_keys import generate_dkim_key


def _env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    return {"LAKOU_VAR_DIR": str(tmp_path / "var"), **overrides}


def test_without_smtp_mail_goes_to_the_folder_mailbox_under_var(tmp_path: Path) -> None:
    settings = Settings.from_env(_env(tmp_path))
    assert settings.mail.smtp_url is None
    assert settings.mail.mailbox_dir == (tmp_path / "var" / "mail").resolve()
    assert settings.mail.sender == MailAddress("noreply@localhost", "Lakou")
    assert settings.mail.dkim is None
    transport = make_mail_transport(settings)
    assert isinstance(transport, FolderMailbox)
    assert transport.root == settings.mail.mailbox_dir


def test_an_smtp_url_chooses_smtp_and_its_password_stays_out_of_repr(tmp_path: Path) -> None:
    settings = Settings.from_env(
        _env(
            tmp_path,
            LAKOU_SMTP_URL="smtps://lakou:hunter2@mail.example",
            LAKOU_SMTP_TIMEOUT_S="12",
            LAKOU_MAIL_FROM='"Lakou, Matinik" <bonjou@lakou.example>',
        )
    )
    assert settings.mail.sender == MailAddress("bonjou@lakou.example", "Lakou, Matinik")
    assert settings.mail.smtp_timeout_s == 12
    assert isinstance(make_mail_transport(settings), SmtpTransport)
    assert "hunter2" not in repr(settings)


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"LAKOU_SMTP_URL": "http://mail.example"}, "LAKOU_SMTP_URL"),
        ({"LAKOU_SMTP_URL": "smtp://mail.example?starttls=maybe"}, "LAKOU_SMTP_URL"),
        ({"LAKOU_SMTP_URL": "smtp://u:hunter2@mail.example:99999"}, "LAKOU_SMTP_URL"),
        ({"LAKOU_SMTP_TIMEOUT_S": "0"}, "LAKOU_SMTP_TIMEOUT_S"),
        ({"LAKOU_MAIL_FROM": "Lakou"}, "LAKOU_MAIL_FROM"),
        ({"LAKOU_MAIL_FROM": "Lakou <a@b.example>\r\nBcc: v@x.example"}, "LAKOU_MAIL_FROM"),
        ({"LAKOU_MAIL_DKIM_SELECTOR": "lakou"}, "LAKOU_MAIL_DKIM_DOMAIN"),
        ({"LAKOU_MAIL_DKIM_DOMAIN": "lakou.example"}, "LAKOU_MAIL_DKIM_KEY_FILE"),
    ],
)
def test_a_wrong_mail_setting_names_its_variable(
    tmp_path: Path, variables: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError, match=named) as raised:
        Settings.from_env(_env(tmp_path, **variables))
    assert "hunter2" not in str(raised.value)


def test_dkim_settings_read_the_key_once_and_check_it(tmp_path: Path) -> None:
    key, _record = generate_dkim_key(tmp_path)
    dkim = {
        "LAKOU_MAIL_DKIM_SELECTOR": "lakou2026",
        "LAKOU_MAIL_DKIM_DOMAIN": "lakou.example",
        "LAKOU_MAIL_DKIM_KEY_FILE": str(key),
    }
    signer = Settings.from_env(_env(tmp_path, **dkim)).mail.dkim
    assert signer is not None
    assert signer.dns_name == "lakou2026._domainkey.lakou.example"
    assert "PRIVATE" not in repr(signer)

    missing = {**dkim, "LAKOU_MAIL_DKIM_KEY_FILE": str(tmp_path / "absent.pem")}
    with pytest.raises(SettingsError, match="LAKOU_MAIL_DKIM_KEY_FILE"):
        Settings.from_env(_env(tmp_path, **missing))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    with pytest.raises(SettingsError, match="LAKOU_MAIL_DKIM_KEY_FILE"):
        Settings.from_env(_env(tmp_path, **{**dkim, "LAKOU_MAIL_DKIM_KEY_FILE": str(garbage)}))
    with pytest.raises(SettingsError, match="LAKOU_MAIL_DKIM_SELECTOR"):
        Settings.from_env(_env(tmp_path, **{**dkim, "LAKOU_MAIL_DKIM_SELECTOR": "a b"}))
    with pytest.raises(SettingsError, match="LAKOU_MAIL_DKIM_DOMAIN"):
        Settings.from_env(_env(tmp_path, **{**dkim, "LAKOU_MAIL_DKIM_DOMAIN": "-x.example"}))
