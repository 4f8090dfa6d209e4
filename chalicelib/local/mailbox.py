"""The local stage's mailbox: `GET /local/mailbox` on the pages' origin shows what moto's SES
has sent (the outcome and update emails), newest first, as a page a person reads: recipient,
subject, language, the List-Unsubscribe header and the text, its links clickable.

Only the local runtime serves it (it runs nowhere else; in AWS the mail goes to the residents).
`python -m chalicelib.cli --local mailbox` prints the same messages.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from html import escape
from typing import Any

PATH = "/local/mailbox"
_URL = re.compile(r"https?://[^\s<>\"']+")


def _linked(text: str) -> str:
    """`text` escaped, its URLs as links (each part escaped on its own)."""
    out: list[str] = []
    end = 0
    for match in _URL.finditer(text):
        out.append(escape(text[end : match.start()]))
        url = escape(match.group(0))
        out.append(f'<a href="{url}">{url}</a>')
        end = match.end()
    out.append(escape(text[end:]))
    return "".join(out)


def _message(raw: str) -> EmailMessage:
    return email.message_from_string(raw, policy=policy.default)  # type: ignore[return-value]


def _text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


def render(sent: list[dict[str, Any]]) -> str:
    """The mailbox page for moto's sent messages (store/mail.py local_sent_messages)."""
    items = []
    for number, entry in reversed(list(enumerate(sent, start=1))):
        message = _message(entry.get("raw") or "")
        unsubscribe = str(message["List-Unsubscribe"] or "").strip("<>")
        items.append(
            '<li class="card"><article>'
            f"<h2>{escape(str(message['Subject'] or '(no subject)'))}</h2>"
            "<dl>"
            f"<dt>Message</dt><dd>{number} of {len(sent)}</dd>"
            f"<dt>To</dt><dd>{escape(str(message['To'] or ''))}</dd>"
            f"<dt>From</dt><dd>{escape(str(message['From'] or ''))}</dd>"
            f"<dt>Language</dt><dd>{escape(str(message['Content-Language'] or '-'))}</dd>"
            f"<dt>List-Unsubscribe</dt><dd>{_linked(unsubscribe) or '-'}</dd>"
            "</dl>"
            f'<pre class="mail-text">{_linked(_text(message))}</pre>'
            "</article></li>"
        )
    listing = f'<ol class="cards" reversed>{"".join(items)}</ol>' if items else ""
    count = f"{len(sent)} message{'' if len(sent) == 1 else 's'} sent by the local SES."
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Local mailbox · sayso</title>"
        '<link rel="stylesheet" href="/css/app.css"></head><body>'
        '<main id="main"><h1>Local mailbox</h1>'
        f"<p>{escape(count)} Only the local stack has this page: in AWS the emails go to the "
        "residents.</p>"
        f"{listing}</main></body></html>"
    )


def page(request_path: str) -> bytes | None:
    """The mailbox page's HTML for the mailbox path; None for any other path."""
    if request_path.split("?")[0] != PATH:
        return None
    from chalicelib.store import mail

    return render(mail.local_sent_messages()).encode()
