"""Cleaning what people type: domains, websites, tags, free text."""

import re
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from domain.shared.errors import InvalidInput

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def domain(value: str, field: str = "domain") -> str:
    """`https://www.Acme.com/about` -> `acme.com`; anything not a hostname is INVALID."""
    raw = value.strip().lower()
    if "://" in raw:
        raw = urlsplit(raw).hostname or ""
    raw = raw.split("/", 1)[0].split(":", 1)[0].rstrip(".")
    if raw.startswith("www."):
        raw = raw[4:]
    try:
        raw = raw.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise InvalidInput(f"Not a valid domain: {value!r}.", field) from error
    labels = raw.split(".")
    if len(raw) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise InvalidInput(f"Not a valid domain: {value!r}.", field)
    if labels[-1].isdigit():
        raise InvalidInput(f"A domain, not an IP address: {value!r}.", field)
    return raw


def website(value: str | None, field: str = "website") -> str | None:
    """An http(s) URL, or None for blank."""
    if value is None or not value.strip():
        return None
    url = value.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"Not an http(s) URL: {value!r}.", field)
    domain(parts.hostname, field)
    if len(url) > 2048:
        raise InvalidInput("A website URL is at most 2048 characters.", field)
    return url


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def reject_control_characters(value: str, field: str) -> None:
    """Text may hold tabs and line breaks, never NUL or other control characters (nor an
    unpaired surrogate, which is not text at all)."""
    if _CONTROL.search(value):
        raise InvalidInput(f"{field} contains a control character.", field)
    if unstorable(value):
        raise InvalidInput(f"{field} contains an unpaired surrogate, which is not text.", field)


def unstorable(value: object) -> bool:
    """True if `value` (or any text inside it) holds what no text column can store: a NUL
    character (PostgreSQL text cannot) or an unpaired surrogate (not UTF-8 at all)."""
    pending = [value]  # a loop, not recursion: a client's JSON may nest deeper than the stack
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False


def tags(values: list[str], field: str = "tags") -> list[str]:
    """Lowercased, trimmed, unique, in order; at most 20 of at most 50 characters."""
    for value in values:
        reject_control_characters(value, field)
    cleaned = list(dict.fromkeys(" ".join(v.split()).lower() for v in values if v.strip()))
    if len(cleaned) > 20:
        raise InvalidInput("At most 20 tags.", field)
    for tag in cleaned:
        if len(tag) > 50:
            raise InvalidInput(f"A tag is at most 50 characters: {tag!r}.", field)
    return cleaned


def text(
    value: str | None, field: str, max_length: int, required: bool = False, one_line: bool = False
) -> str | None:
    """Trimmed text (one_line: runs of whitespace made one space); blank is None or INVALID."""
    cleaned = value.strip() if value is not None else ""
    reject_control_characters(cleaned, field)
    if one_line:
        cleaned = " ".join(cleaned.split())
    if not cleaned:
        if required:
            raise InvalidInput(f"{field} must not be empty.", field)
        return None
    if len(cleaned) > max_length:
        raise InvalidInput(f"{field} must be at most {max_length} characters.", field)
    return cleaned


def email(value: str, field: str = "email") -> str:
    """A syntactically valid address, lowercased; INVALID otherwise."""
    try:
        checked = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(f"Not a valid email address: {error}", field) from error
    return checked.normalized.lower()


def containing(text: str) -> str:
    """A LIKE pattern for any text that contains `text` as typed: its `%`, `_` and `\\`
    escaped, so that they match themselves."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
