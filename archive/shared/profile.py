"""The collection profile (`archive.toml`): what an archive's organization knows about its own words.

The profile names the collection, its partner organizations (with aliases and acronyms), the topics
that organize it, a glossary of terms for new staff and for query expansion, and boilerplate lines
to drop. It is validated strictly on load: a typo in a key would otherwise silently switch a rule
off, so unknown keys, wrong types and duplicate aliases are errors that name the key and the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.shared.visibility import FolderRuleError, normalise_folder

PROFILE_NAME = "archive.toml"
ROLES = ("partner", "network", "ally", "agency", "other")


class ProfileError(ValueError):
    """An `archive.toml` that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Organization:
    name: str
    role: str = "partner"
    acronyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    url: str = ""
    description: str = ""


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    signals: dict[str, float]
    threshold: float = 3.0
    reading_path: tuple[str, ...] = ()


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    expansion: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpeechProfile:
    """The profile's `[speech]` table: how recordings without a transcript are transcribed
    (indexer/speech.py)."""

    enabled: bool = True
    model: str = ""  # "" is the bundled Whisper tiny.en; else a faster-whisper model name or local folder
    language: str = "en"
    beam_size: int = 5  # Whisper's own default: measured against greedy in benchmarks/speech.py
    initial_prompt: bool = False  # give Whisper the glossary's terms and the organizations' names first


SOURCE_TYPES = ("folder", "wordpress-export", "wordpress", "sitemap", "site")
WEB_SOURCE_TYPES = frozenset({"wordpress", "sitemap", "site"})


@dataclass(frozen=True)
class SourceEntry:
    """One `[[sources]]` entry: where the archive's documents come from, and how to read it.

    `location` is a folder or export file (relative to the profile's folder) for "folder" and
    "wordpress-export", an address for the web types: "wordpress" (its REST API), "sitemap", or
    "site" (the REST API when the site answers /wp-json/, its sitemap otherwise)."""

    type: str
    location: str
    include: tuple[str, ...] = ()  # URL path patterns (fnmatch); empty = everything
    exclude: tuple[str, ...] = ()
    page_limit: int | None = None
    delay: float | None = None  # seconds between two requests to the site (default: the crawler's)
    visibility: str = "public"  # "internal": everything this source gives is for staff only
    uploads: str = ""  # a wordpress-export's local copy of wp-content/uploads


@dataclass(frozen=True)
class Profile:
    name: str = "Archive"
    short_name: str = ""
    base_url: str = ""
    description: str = ""
    boilerplate: tuple[str, ...] = ()
    organizations: tuple[Organization, ...] = ()
    topics: tuple[Topic, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    internal_folders: tuple[str, ...] = ()  # normalised folders (inside each source root) whose files are internal
    languages: tuple[str, ...] = ("en", "es")  # the archive's languages (ISO 639-1): what OCR reads
    sources: tuple[SourceEntry, ...] = ()
    speech: SpeechProfile = SpeechProfile()
    source: str = field(default="", compare=False)

    @property
    def partners(self) -> tuple[Organization, ...]:
        """The network's partner organizations (the network itself is the publisher, not a partner)."""
        return tuple(o for o in self.organizations if o.role == "partner")

    def organization(self, name: str) -> Organization | None:
        return next((o for o in self.organizations if o.name == name), None)


# --- validation -------------------------------------------------------------------------------

_STR, _FLOAT, _STR_LIST, _BOOL = "string", "number", "list of strings", "true or false"

_COLLECTION_KEYS = {
    "name": _STR,
    "short_name": _STR,
    "base_url": _STR,
    "description": _STR,
    "boilerplate": _STR_LIST,
    "internal_folders": _STR_LIST,
    "languages": _STR_LIST,
}
_ORG_KEYS = {
    "name": _STR,
    "role": _STR,
    "acronyms": _STR_LIST,
    "aliases": _STR_LIST,
    "url": _STR,
    "description": _STR,
}
_TOPIC_KEYS = {
    "name": _STR,
    "description": _STR,
    "signals": "table of numbers",
    "threshold": _FLOAT,
    "reading_path": _STR_LIST,
}
_GLOSSARY_KEYS = {"term": _STR, "definition": _STR, "expansion": _STR, "aliases": _STR_LIST}
_SOURCE_KEYS = {
    "type": _STR,
    "path": _STR,
    "url": _STR,
    "include": _STR_LIST,
    "exclude": _STR_LIST,
    "page_limit": _FLOAT,
    "delay": _FLOAT,
    "visibility": _STR,
    "uploads": _STR,
}
_SPEECH_KEYS = {"enabled": _BOOL, "model": _STR, "language": _STR, "beam_size": _FLOAT, "initial_prompt": _BOOL}
_TOP_KEYS = {"collection", "organizations", "topics", "glossary", "sources", "speech"}


def _check_type(value: Any, expected: str, where: str) -> None:
    ok = {
        _STR: isinstance(value, str),
        _FLOAT: isinstance(value, (int, float)) and not isinstance(value, bool),
        _STR_LIST: isinstance(value, list) and all(isinstance(v, str) for v in value),
        _BOOL: isinstance(value, bool),
        "table of numbers": isinstance(value, dict)
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()),
    }[expected]
    if not ok:
        raise ProfileError(f"{where}: expected a {expected}, got {type(value).__name__}")


def _check_table(table: Any, allowed: dict[str, str], where: str, required: tuple[str, ...]) -> None:
    if not isinstance(table, dict):
        raise ProfileError(f"{where}: expected a table, got {type(table).__name__}")
    for key, value in table.items():
        if key not in allowed:
            raise ProfileError(f"{where}.{key}: unknown key (allowed: {', '.join(sorted(allowed))})")
        _check_type(value, allowed[key], f"{where}.{key}")
    for key in required:
        if key not in table:
            raise ProfileError(f"{where}: missing required key {key!r}")


def _array_of_tables(data: dict[str, Any], key: str, src: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ProfileError(f"{src}: {key}: expected an array of tables ([[{key}]])")
    return value


def parse_profile(data: dict[str, Any], src: str = PROFILE_NAME) -> Profile:
    """Validate a decoded TOML document and build a `Profile`; raise `ProfileError` on any problem."""
    for key in data:
        if key not in _TOP_KEYS:
            raise ProfileError(f"{src}: {key}: unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})")
    collection = data.get("collection", {})
    _check_table(collection, _COLLECTION_KEYS, f"{src}: collection", ("name",))

    organizations: list[Organization] = []
    seen_names: dict[str, str] = {}
    for i, raw in enumerate(_array_of_tables(data, "organizations", src)):
        where = f"{src}: organizations[{i}]"
        _check_table(raw, _ORG_KEYS, where, ("name",))
        role = raw.get("role", "partner")
        if role not in ROLES:
            raise ProfileError(f"{where}.role: {role!r} is not one of {', '.join(ROLES)}")
        org = Organization(
            name=raw["name"],
            role=role,
            acronyms=tuple(raw.get("acronyms", [])),
            aliases=tuple(raw.get("aliases", [])),
            url=raw.get("url", ""),
            description=raw.get("description", ""),
        )
        for label in (org.name, *org.aliases, *org.acronyms):
            owner = seen_names.get(label.casefold())
            if owner is not None:
                raise ProfileError(f"{where}: duplicate alias {label!r} (already used by {owner!r})")
            seen_names[label.casefold()] = org.name
        organizations.append(org)

    topics: list[Topic] = []
    topic_names: set[str] = set()
    for i, raw in enumerate(_array_of_tables(data, "topics", src)):
        where = f"{src}: topics[{i}]"
        _check_table(raw, _TOPIC_KEYS, where, ("name", "description", "signals"))
        if raw["name"].casefold() in topic_names:
            raise ProfileError(f"{where}.name: duplicate topic {raw['name']!r}")
        topic_names.add(raw["name"].casefold())
        topics.append(
            Topic(
                name=raw["name"],
                description=raw["description"],
                signals={k: float(v) for k, v in raw["signals"].items()},
                threshold=float(raw.get("threshold", 3.0)),
                reading_path=tuple(raw.get("reading_path", [])),
            )
        )

    glossary: list[GlossaryTerm] = []
    terms: set[str] = set()
    for i, raw in enumerate(_array_of_tables(data, "glossary", src)):
        where = f"{src}: glossary[{i}]"
        _check_table(raw, _GLOSSARY_KEYS, where, ("term", "definition"))
        if raw["term"].casefold() in terms:
            raise ProfileError(f"{where}.term: duplicate glossary term {raw['term']!r}")
        terms.add(raw["term"].casefold())
        glossary.append(
            GlossaryTerm(
                term=raw["term"],
                definition=raw["definition"],
                expansion=raw.get("expansion", ""),
                aliases=tuple(raw.get("aliases", [])),
            )
        )

    sources = tuple(
        _source_entry(raw, f"{src}: sources[{i}]") for i, raw in enumerate(_array_of_tables(data, "sources", src))
    )
    internal_folders = []
    for entry in collection.get("internal_folders", []):
        try:
            internal_folders.append(normalise_folder(entry))
        except FolderRuleError as exc:
            raise ProfileError(f"{src}: collection.internal_folders: {exc}") from None
    languages = tuple(collection.get("languages", ["en", "es"]))
    for code in languages:
        if not re.fullmatch(r"[a-z]{2,3}", code):
            raise ProfileError(f"{src}: collection.languages: {code!r} is not a language code like 'en' or 'es'")
    return Profile(
        name=collection["name"],
        languages=languages or ("en", "es"),
        short_name=collection.get("short_name", ""),
        base_url=collection.get("base_url", ""),
        description=collection.get("description", ""),
        boilerplate=tuple(collection.get("boilerplate", [])),
        internal_folders=tuple(dict.fromkeys(internal_folders)),
        organizations=tuple(organizations),
        topics=tuple(topics),
        glossary=tuple(glossary),
        sources=sources,
        speech=_speech(data.get("speech", {}), f"{src}: speech"),
        source=src,
    )


def _speech(raw: Any, where: str) -> SpeechProfile:
    """The validated `[speech]` table."""
    _check_table(raw, _SPEECH_KEYS, where, ())
    beam = raw.get("beam_size", SpeechProfile.beam_size)
    if beam != int(beam) or not 1 <= beam <= 10:
        raise ProfileError(f"{where}.beam_size: expected a whole number from 1 to 10, got {beam!r}")
    language = raw.get("language", "en")
    if not re.fullmatch(r"[a-z]{2,3}", language):
        raise ProfileError(f"{where}.language: {language!r} is not a language code like 'en' or 'es'")
    return SpeechProfile(
        enabled=raw.get("enabled", True),
        model=raw.get("model", ""),
        language=language,
        beam_size=int(beam),
        initial_prompt=raw.get("initial_prompt", False),
    )


def _source_entry(raw: Any, where: str) -> SourceEntry:
    """A validated `[[sources]]` entry: a folder or export has a `path`, a web source a `url`."""
    _check_table(raw, _SOURCE_KEYS, where, ("type",))
    kind = raw["type"]
    if kind not in SOURCE_TYPES:
        raise ProfileError(f"{where}.type: {kind!r} is not one of {', '.join(SOURCE_TYPES)}")
    key = "url" if kind in WEB_SOURCE_TYPES else "path"
    if not raw.get(key):
        raise ProfileError(f"{where}: a {kind!r} source needs {key!r}")
    if kind in WEB_SOURCE_TYPES and not re.match(r"https?://[^/\s]+", raw["url"]):
        raise ProfileError(f"{where}.url: {raw['url']!r} is not an http:// or https:// address")
    visibility = raw.get("visibility", "public")
    if visibility not in ("public", "internal"):
        raise ProfileError(f"{where}.visibility: {visibility!r} is not 'public' or 'internal'")
    limit = raw.get("page_limit")
    if limit is not None and (limit != int(limit) or limit < 1):
        raise ProfileError(f"{where}.page_limit: expected a whole number of pages, at least 1")
    delay = raw.get("delay")
    if delay is not None and delay < 0:
        raise ProfileError(f"{where}.delay: expected seconds, 0 or more")
    return SourceEntry(
        type=kind,
        location=raw[key],
        include=tuple(raw.get("include", [])),
        exclude=tuple(raw.get("exclude", [])),
        page_limit=int(limit) if limit is not None else None,
        delay=float(delay) if delay is not None else None,
        visibility=visibility,
        uploads=raw.get("uploads", ""),
    )


def read_profile_text(path: Path) -> str:
    """The text of `archive.toml`; a file that is not UTF-8 is a ProfileError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from None


def profile_from_text(text: str, src: str) -> Profile:
    """Decode and validate the text of an `archive.toml` read from `src`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{src}: not valid TOML: {exc}") from None
    return parse_profile(data, src)


def load_profile(path: Path) -> Profile:
    """Load and validate `archive.toml` (a missing file gives an empty default profile)."""
    if not path.exists():
        return Profile(source=str(path))
    return profile_from_text(read_profile_text(path), str(path))


def find_profile(source_root: Path) -> Profile:
    """The profile that governs a source folder: `archive.toml` at its root."""
    return load_profile(source_root / PROFILE_NAME)


def locate_profile(path: Path) -> Profile:
    """The profile of the nearest folder above `path` that has an `archive.toml` (or an empty one)."""
    for folder in path.resolve().parents:
        if (folder / PROFILE_NAME).exists():
            return load_profile(folder / PROFILE_NAME)
    return Profile()
