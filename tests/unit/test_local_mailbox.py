"""The local mailbox page (chalicelib/local/mailbox.py): every sent message, newest first, its
words escaped and its links clickable."""

from __future__ import annotations

from email.message import EmailMessage

from chalicelib.local import mailbox

FORGET = "http://127.0.0.1:8000/consultations/demo/contacts/forget?s=01J&sig=ab"


def _raw(to: str, subject: str, text: str) -> dict[str, str]:
    message = EmailMessage()
    message["To"] = to
    message["From"] = "outcomes@example.org"
    message["Subject"] = subject
    message["List-Unsubscribe"] = f"<{FORGET}>"
    message.set_content(text)
    message["Content-Language"] = "mi"  # after: set_content clears the Content-* headers
    return {"raw": message.as_string()}


def test_each_message_is_shown_escaped_with_its_links_clickable():
    html = mailbox.render(
        [
            _raw("ana@example.org", "First <script>", f"Forget: {FORGET}\n"),
            _raw("ben@example.org", "Second", "Kia ora <b>Ben</b>\n"),
        ]
    )
    assert "2 messages sent" in html
    assert html.index("Second") < html.index("First")  # newest first
    assert "<script>" not in html and "First &lt;script&gt;" in html
    assert "&lt;b&gt;Ben&lt;/b&gt;" in html
    escaped = FORGET.replace("&", "&amp;")
    assert f'<a href="{escaped}">' in html
    assert "<dd>mi</dd>" in html


def test_only_its_own_path_is_answered():
    assert mailbox.page("/local/other") is None
    assert mailbox.render([]).count("<li class") == 0
