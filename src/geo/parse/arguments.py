"""Where an event happened, from syntax: which place of a sentence is the event word's location.

For a sentence holding an event word (``Trigger``) and place names, a dependency parse (geo.parse.nlp,
run on those sentences only) gives features of each (place, event word) pair: the path between them in
the tree, the preposition governing the place and what it means (data/lang/<code>/arguments.tsv), the
place's relation (subject, object, oblique, possessor…), whether a saying verb governs it (a reporting
clause), the distance in words, the event type, the role the words before the name give it
(geo.parse.roles) and the place's kind. One logistic function with learned weights
(data/models/event_location.json, learned by scripts/learn_event_location.py) scores each pair.

Dependency relations differ between models (ClearNLP labels in English, Universal Dependencies in
French): both are read into the same few classes below, so weights learned on English sentences apply
to French ones.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from geo.lang.names import fold
from geo.lang.pack import pack
from geo.model import EventType, Mention, Role
from geo.paths import REPO_ROOT

if TYPE_CHECKING:
    from geo.lang.lexicons import Lexicon
    from geo.parse.events import Trigger
    from geo.parse.nlp import SynToken
    from geo.parse.recognize import Unit

WEIGHTS_PATH = REPO_ROOT / "data" / "models" / "event_location.json"

# Relation labels of both label sets (ClearNLP for English, UD for French) → one class each. These are
# the parsers' tag names, not words of a language.
_DEP_CLASSES = {
    "nsubj": "subj", "nsubjpass": "subjpass", "nsubj:pass": "subjpass", "csubj": "subj", "expl": "subj",
    "expl:subj": "subj", "obl:agent": "agent", "agent": "agent",
    "dobj": "obj", "obj": "obj", "iobj": "obj", "dative": "obj", "attr": "obj", "oprd": "obj",
    "pobj": "obl", "obl": "obl", "obl:mod": "obl", "obl:arg": "obl", "npadvmod": "obl", "advmod": "obl",
    "nmod": "nmod", "amod": "nmod", "nummod": "nmod",
    "poss": "poss", "compound": "compound", "flat:name": "compound", "appos": "appos", "conj": "conj",
}
DEP_CLASSES = ("subj", "subjpass", "agent", "obj", "obl", "nmod", "poss", "compound", "appos", "conj", "other")
PREP_CLASSES = ("at", "near", "origin", "goal", "target", "about", "with", "of", "by")
# In the weight file's order (role=none last).
ROLES = (Role.LOCATIVE, Role.TARGET, Role.FACILITY, Role.DIRECTION, Role.ACTOR, Role.TOPIC, Role.REFERENCE,
         Role.NAME_PART, Role.NONE)
KINDS = ("settlement", "district", "region", "country", "area")
TYPES = tuple(t.value for t in EventType)
_VERBS = {"VERB", "AUX"}
_THROUGH = {"appos", "compound", "flat:name", "nmod", "amod"}  # a name inside a noun phrase
_MAX_PATH = 8


@functools.lru_cache(maxsize=16)
def preposition_classes(language: str) -> dict[str, str]:
    """Preposition (folded) → its class, from the language pack's arguments.tsv."""
    p = pack(language)
    return {fold(r["word"]).strip(): r["class"] for r in p.rows("arguments.tsv")} if p else {}


def feature_names() -> list[str]:
    """Every feature the scorer knows, in a fixed order (the weight file's order)."""
    names = ["bias", "rule", "after", "log_distance", "log_path", "dominates", "trigger_governs",
             "saying_governs", "in_speaker", "other_verb_governs", "quoted", "fronted", "trigger_noun",
             "country_subj", "country_poss", "country_obj_of_hit", "headline"]
    names += [f"dep={d}" for d in DEP_CLASSES]
    names += [f"prep={p}" for p in PREP_CLASSES] + ["prep=none"]
    names += [f"role={r.value or 'none'}" for r in ROLES]
    names += [f"kind={k}" for k in KINDS]
    names += [f"type={t}" for t in TYPES]
    return names


@dataclass(frozen=True, slots=True)
class Parse:
    """A sentence's dependency parse, with token offsets into the article (``base`` added)."""

    tokens: list[SynToken]
    base: int

    def at(self, offset: int) -> int:
        """The index of the token holding an article offset (the next one if it falls between)."""
        rel = offset - self.base
        for i, t in enumerate(self.tokens):
            if t.end > rel:
                return i
        return len(self.tokens) - 1

    def head_of(self, start: int, end: int) -> int:
        """The token of an article span whose head lies outside it (the span's syntactic head)."""
        lo, hi = self.at(start), self.at(max(start, end - 1))
        for i in range(lo, hi + 1):
            h = self.tokens[i].head
            if h == i or not lo <= h <= hi:
                return i
        return hi

    def ancestors(self, i: int) -> list[int]:
        """Heads from ``i`` up to the root (``i`` excluded)."""
        out: list[int] = []
        seen = {i}
        while self.tokens[i].head != i and self.tokens[i].head not in seen:
            i = self.tokens[i].head
            seen.add(i)
            out.append(i)
        return out


def _dep_class(tok: SynToken) -> str:
    return _DEP_CLASSES.get(tok.dep, "other")


def preposition(parse: Parse, i: int, classes: dict[str, str]) -> str:
    """The class of the preposition governing token ``i``: its case children (UD: "à Kyiv") or, for a
    prepositional object, its head ("in Kyiv"). Through "of" and appositions the noun the name completes
    carries it: "in the city of Kyiv", "dans la ville de Kyiv" give "at"; "the president of Russia"
    gives "of"."""
    toks = parse.tokens
    seen_of = False
    for _ in range(4):
        # UD hangs the preposition on its noun (case); ClearNLP hangs the noun on it (pobj).
        words = [t.key for t in toks if t.dep == "case" and t.head == i and t is not toks[i]]
        # UD hangs "près" of "près de la ville" on another word (advmod); it stands right before the case.
        first = next((j for j, t in enumerate(toks) if t.dep == "case" and t.head == i and j != i), 0)
        if first > 0 and toks[first - 1].pos in ("ADV", "ADP") and classes.get(toks[first - 1].key, "of") != "of":
            words.insert(0, toks[first - 1].key)
        if toks[i].dep == "pobj" and toks[i].head != i:
            words.append(toks[toks[i].head].key)
        found = [classes[w] for w in words if w in classes]
        cls = classes.get(" ".join(words)) or next((c for c in found if c != "of"), "of" if found else "")
        if cls and cls != "of":
            return cls
        seen_of = seen_of or cls == "of"
        if cls != "of" and toks[i].dep not in _THROUGH:
            break
        h = toks[i].head
        if toks[i].dep == "pobj":
            h = toks[h].head  # "of" → the noun it hangs on
        if h == i:
            break
        i = h
    return "of" if seen_of else ""


def _trigger_token(parse: Parse, unit: Unit, trigger: Trigger) -> int:
    first = unit.tokens[trigger.token]
    last = unit.tokens[min(len(unit.tokens) - 1, trigger.token + trigger.length - 1)]
    return parse.head_of(first.start, last.end)


def pair_features(parse: Parse | None, unit: Unit, mention: Mention, trigger: Trigger, *, rule: bool,
                  found: Sequence[Trigger], language: str, fronted: bool = False) -> dict[str, float]:
    """Features of one (place mention, event word) pair of a sentence; syntax ones only with a parse."""
    from geo.parse.events import _token_index

    own, end = _token_index(unit, mention.start), _token_index(unit, mention.end - 1)
    after = own > trigger.token
    distance = own - trigger.token if after else max(0, trigger.token - end)
    kind = mention.place.kind.value if mention.place else ""
    f: dict[str, float] = {
        "bias": 1.0, "rule": float(rule), "after": float(after), "log_distance": math.log1p(distance),
        "quoted": float(mention.quoted), "fronted": float(fronted), "headline": float(unit.sentence.is_headline),
        f"role={Role(mention.role).value or 'none'}": 1.0, f"kind={kind}": 1.0, f"type={trigger.type.value}": 1.0,
    }
    if parse is None or not parse.tokens:
        f["dep=other"] = 1.0
        f["prep=none"] = 1.0
        f["log_path"] = math.log1p(_MAX_PATH)
        return f
    toks = parse.tokens
    m = parse.head_of(mention.start, mention.end)
    t = _trigger_token(parse, unit, trigger)
    up_m, up_t = [m] + parse.ancestors(m), [t] + parse.ancestors(t)
    common = next((a for a in up_m if a in set(up_t)), None)
    path = (up_m.index(common) + up_t.index(common)) if common is not None else _MAX_PATH
    f["log_path"] = math.log1p(min(path, _MAX_PATH))
    f["dominates"] = float(t in up_m[1:])
    # The first verb (or the event word itself) above the place: the clause it belongs to.
    governor = next((a for a in up_m[1:] if a == t or toks[a].pos in _VERBS), None)
    trigger_tokens = {parse.at(unit.tokens[x.token].start) for x in found}
    statements = {parse.at(unit.tokens[x.token].start) for x in found if x.type is EventType.STATEMENT}
    f["trigger_governs"] = float(governor == t)
    f["saying_governs"] = float(governor is not None and governor != t and governor in statements)
    # "officials in Kyiv said": the place is inside who speaks, the subject of a saying verb.
    f["in_speaker"] = float(any(_dep_class(toks[a]) == "subj" and toks[a].head in statements
                                and toks[a].head != t for a in up_m))
    f["other_verb_governs"] = float(governor is not None and governor != t and governor not in trigger_tokens)
    f["trigger_noun"] = float(toks[t].pos in ("NOUN", "PROPN"))
    dep = _dep_class(toks[m])
    f[f"dep={dep}"] = 1.0
    prep = preposition(parse, m, preposition_classes(language))
    f[f"prep={prep or 'none'}"] = 1.0
    if kind == "country":
        f["country_subj"] = float(dep == "subj")
        f["country_poss"] = float(dep in ("poss", "compound", "nmod") and not prep)
        f["country_obj_of_hit"] = float(dep == "obj" and governor == t)
    return f


def worth_parsing(units: Sequence[Unit], mentions: Sequence[Mention], lexicon: Lexicon) -> list[Unit]:
    """The sentences a parse can help: an event word and a resolved place name in them."""
    from geo.parse.events import triggers

    placed = {m.sentence for m in mentions if m.place is not None and m.kind == "toponym"}
    return [u for u in units if u.index in placed and triggers(u, lexicon)]


class Scorer:
    """A logistic function over named features, its weights read from a JSON file."""

    def __init__(self, names: Sequence[str], weights: Sequence[float], threshold: float = 0.5,
                 veto: float = 0.0) -> None:
        self.weights = dict(zip(names, weights))
        self.threshold = threshold
        self.veto = veto

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> Scorer | None:
        """The scorer of a weight file, or None when there is none (events then follow the rules alone)."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["features"], data["weights"], data.get("threshold", 0.5), data.get("veto", 0.0))

    def probability(self, features: dict[str, float]) -> float:
        """The probability that the pair's place is where the event happened."""
        z = sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, p: float, rule: bool) -> bool:
        """A pair the rules link stands unless the scorer is against it (p < veto); one they do not link
        needs a confident scorer (p >= threshold)."""
        return p >= (self.veto if rule else self.threshold)


@functools.lru_cache(maxsize=1)
def scorer() -> Scorer | None:
    """The shipped scorer (data/models/event_location.json), read once."""
    return Scorer.load()
