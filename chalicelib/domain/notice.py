"""The one email a resident gets when a consultation's outcome is published: what the agency
answered to each thing they sent (or that it got no individual answer), in their language,
with a signed link that forgets their email at once (RFC 8058 one-click unsubscribe)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlencode

from chalicelib.domain.consultation import Consultation, OptionSummary
from chalicelib.domain.response import Response

FORGET_PURPOSE = "forget-contact"

# The strings of the email per language; a language without them falls back to English.
STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "{title}: what was done with what you said",
        "greeting": "Kia ora,",
        "intro": "You sent {n} submission(s) to “{title}”. The agency has published its outcome. "
        "Here is what it answered.",
        "item": "Your {kind} on “{option}”",
        "element": " (about {element})",
        "no_answer": "This one got no individual answer; the outcome of every option is on the "
        "page below.",
        "status": "Answer — {status}:",
        "page": "Every answer: {url}",
        "forget": "Forget my email now (one click, nothing more will be sent): {url}",
        "why": "You get this one email because you left your address with your submission.",
        "comment": "comment",
        "alternative": "alternative",
        "update_subject": "{title}: an answer you follow has changed",
        "update_intro": "The agency has changed the status of an answer to what you sent to "
        "“{title}”.",
        "update_about": "It answers: {about}",
        "update_why": "You get this short update because an answer to your submission changed; "
        "the link above stops them.",
    },
    "mi": {
        "subject": "{title}: i pēhea ā koutou kōrero",
        "greeting": "Kia ora,",
        "intro": "I tukuna e koe ngā tāpaetanga {n} ki “{title}”. Kua whakaputaina e te tari "
        "tōna otinga. Anei āna whakautu.",
        "item": "Tō {kind} mō “{option}”",
        "element": " (mō {element})",
        "no_answer": "Kāore he whakautu takitahi mō tēnei; kei te whārangi i raro te otinga o "
        "ia kōwhiringa.",
        "status": "Whakautu — {status}:",
        "page": "Ngā whakautu katoa: {url}",
        "forget": "Wareware tōku īmēra ināianei (kotahi te pāwhiri, kāore he aha atu e "
        "tukuna): {url}",
        "why": "Ka whiwhi koe i tēnei īmēra kotahi nā te mea i waiho e koe tō wāhitau.",
        "comment": "kōrero",
        "alternative": "kōwhiringa kē",
        "update_subject": "{title}: kua panoni tētahi whakautu e whai ana koe",
        "update_intro": "Kua panonitia e te tari te tūnga o tētahi whakautu ki tāu i tuku ai ki "
        "“{title}”.",
        "update_about": "Ka whakautu ki: {about}",
        "update_why": "Ka whiwhi koe i tēnei whakamōhiotanga poto nā te mea kua panoni tētahi "
        "whakautu ki tō tāpaetanga; mā te hono i runga e whakamutu.",
    },
}
STATUS_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "adopted": "adopted",
        "adopted-with-changes": "adopted with changes",
        "not-adopted": "not adopted",
        "under-study": "under study",
        "planned": "planned",
        "under-way": "under way",
        "done": "done",
    },
    "mi": {
        "adopted": "kua whakaaetia",
        "adopted-with-changes": "kua whakaaetia me ētahi panoni",
        "not-adopted": "kāore i whakaaetia",
        "under-study": "kei te āta wānangatia",
        "planned": "kua whakamaheretia",
        "under-way": "kei te haere",
        "done": "kua oti",
    },
}


@dataclass(frozen=True)
class Sent:
    """One submission of the resident's, as the email needs it (never its words)."""

    id: str
    option_id: str
    kind: str
    element_id: str | None


def _sign(key: bytes, message: str) -> str:
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def forget_signature(key: bytes, cid: str, sids: list[str]) -> str:
    return _sign(key, f"{FORGET_PURPOSE}|{cid}|{'.'.join(sorted(sids))}")


def forget_signature_ok(key: bytes, cid: str, sids: list[str], signature: str) -> bool:
    return hmac.compare_digest(forget_signature(key, cid, sids), signature)


@dataclass(frozen=True)
class Forget:
    """One signed "forget my email" link in its two forms: the API's, in List-Unsubscribe (the
    mail client's RFC 8058 one-click POST), and the site's page the email's text links, whose
    button sends the same ids and says in the reader's language what happened (a scanner that
    opens the link forgets nothing)."""

    api: str
    page: str

    def page_in(self, lang: str) -> str:
        return f"{self.page}&{urlencode({'lang': lang})}"


def forget_url(api_url: str, key: bytes, cid: str, sids: list[str]) -> str:
    ordered = sorted(sids)
    query = urlencode({"s": ".".join(ordered), "sig": forget_signature(key, cid, ordered)})
    return f"{api_url.rstrip('/')}/consultations/{cid}/contacts/forget?{query}"


def forget_links(api_url: str, site_url: str, key: bytes, cid: str, sids: list[str]) -> Forget:
    ordered = sorted(sids)
    signed = {"s": ".".join(ordered), "sig": forget_signature(key, cid, ordered)}
    page = f"{site_url.rstrip('/')}/forget.html?{urlencode({'c': cid, **signed})}"
    return Forget(api=forget_url(api_url, key, cid, ordered), page=page)


def language_of(preferred: str | None, consultation: Consultation) -> str:
    """The resident's language if the email has its strings, else the consultation's first that
    has them, else English."""
    for tag in (preferred, *consultation.languages):
        if tag and tag.split("-")[0] in STRINGS:
            return tag.split("-")[0]
    return "en"


def _localized(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def _headers(
    message: EmailMessage, *, subject: str, sender: str, recipient: str, forget: Forget
) -> None:
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = recipient
    message["List-Unsubscribe"] = f"<{forget.api}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"


def compose(
    *,
    consultation: Consultation,
    options: list[OptionSummary],
    responses: list[Response],
    sent: list[Sent],
    lang: str,
    sender: str,
    recipient: str,
    page_url: str,
    forget: Forget,
) -> EmailMessage:
    words = STRINGS[lang]
    statuses = STATUS_WORDS[lang]
    titles = {o.id: _localized(o.title, lang) for o in options}
    title = _localized(consultation.title, lang)
    lines = [words["greeting"], "", words["intro"].format(n=len(sent), title=title), ""]
    for item in sorted(sent, key=lambda s: s.id):
        heading = words["item"].format(
            kind=words.get(item.kind, item.kind), option=titles.get(item.option_id, item.option_id)
        )
        if item.element_id:
            heading += words["element"].format(element=item.element_id)
        lines.append(f"• {heading}")
        answers = [r for r in responses if r.answers(item.option_id, item.element_id, item.id)]
        if not answers:
            lines.append(f"  {words['no_answer']}")
        for answer in answers:
            lines.append(f"  {words['status'].format(status=statuses[answer.status])}")
            lines.append(f"  {_localized(answer.text, lang)}")
        lines.append("")
    lines += [
        words["page"].format(url=f"{page_url}&{urlencode({'lang': lang})}"),
        "",
        words["forget"].format(url=forget.page_in(lang)),
        "",
        words["why"],
    ]
    message = EmailMessage()
    _headers(
        message,
        subject=words["subject"].format(title=title),
        sender=sender,
        recipient=recipient,
        forget=forget,
    )
    message.set_content("\n".join(lines))
    message["Content-Language"] = lang  # after set_content, which clears Content-* headers
    return message


def compose_update(
    *,
    consultation: Consultation,
    options: list[OptionSummary],
    response: Response,
    lang: str,
    sender: str,
    recipient: str,
    page_url: str,
    forget: Forget,
) -> EmailMessage:
    """The short update when a response the resident follows changes its status."""
    words = STRINGS[lang]
    title = _localized(consultation.title, lang)
    titles = {o.id: _localized(o.title, lang) for o in options}
    links = response.links
    about = [titles.get(oid, oid) for oid in links.options]
    about += [
        titles.get(e.option_id, e.option_id) + words["element"].format(element=e.element_id)
        for e in links.elements
    ]
    lines = [words["greeting"], "", words["update_intro"].format(title=title), ""]
    if about:
        lines += [words["update_about"].format(about="; ".join(about)), ""]
    lines += [
        words["status"].format(status=STATUS_WORDS[lang][response.status]),
        _localized(response.text, lang),
        "",
        words["page"].format(url=f"{page_url}&{urlencode({'lang': lang})}"),
        "",
        words["forget"].format(url=forget.page_in(lang)),
        "",
        words["update_why"],
    ]
    message = EmailMessage()
    _headers(
        message,
        subject=words["update_subject"].format(title=title),
        sender=sender,
        recipient=recipient,
        forget=forget,
    )
    message.set_content("\n".join(lines))
    message["Content-Language"] = lang
    return message
