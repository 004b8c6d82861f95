"""Region forms built on a town's name, in any language pack's words: "la région de Koursk", "l'oblast de
Zaporijjia", "the Kherson region" name the region, whatever spelling the town's name takes."""

from __future__ import annotations

import re

from geo.lang.names import name_key
from geo.lang.pack import words

# First-level unit nouns only (a county is not a region: "Boone County").
ADMIN1_WORDS = words("admin1_noun")


def _either(keys: frozenset[str]) -> str:
    return "|".join(re.escape(k) for k in sorted(keys, key=lambda k: (-len(k), k)))


# The noun before the name ("la région de Koursk") or after it ("the Kursk region").
_BEFORE = re.compile(rf"^(?:(?:{_either(words('determiner'))})\s+)?(?:{_either(words('region_form_noun'))})"
                     rf"\s+(?:{_either(words('of'))})\s+(.+)$")
_AFTER = re.compile(rf"^(?:(?:{_either(words('loose_article'))})\s+)?(.+?)\s+(?:{_either(ADMIN1_WORDS)})$")


def region_root(name: str) -> str | None:
    """The key of the name a region form is built on ("région d'Odessa" -> "odessa", "the Kursk region"
    -> "kursk"), or None."""
    key = name_key(name)
    m = _BEFORE.match(key) or _AFTER.match(key)
    return m.group(1) if m else None
