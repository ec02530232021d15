"""The text signal: French TF-IDF over what the recueil says about each actor and experience.

Words are lower-cased, split on apostrophes (« d'insertion » → « insertion »), French stop words
dropped, then stemmed with the Snowball French stemmer (``snowballstemmer``: « clauses »,
« clause » → « claus ») and accent-folded; features are stems and pairs of consecutive stems
(« claus insert »). scikit-learn's ``TfidfVectorizer`` weighs them (sublinear term frequency,
smoothed IDF, L2-normalised rows), so a dot product of two rows is their cosine similarity and
a word used by every experience (« VITA », « insertion ») weighs little. Each feature keeps the
surface form the text uses most (« clause d'insertion », « BTP »), which is what reasons show.

Words that only name an organisation or a place (« Ulisse », « ALCG », « Grenoble », « Jura »)
are left out: they say where and with whom, which the partner and territory signals already
weigh, not what the two actors do.

Pure: texts in, index out; both stores build the same index from the same texts.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache

import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import TfidfVectorizer

# The Snowball project's French stop-word list (snowballstem.org/algorithms/french/stop.txt),
# accent-folded, plus the letters left by elision, plus a few adverbs and light verbs that came
# up as « termes communs » without saying anything (« également », « nouvelles »).
STOP_WORDS = frozenset("""
au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme
mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu
un une vos votre vous c d j l m n s t y ete etee etees etes etant etante etants etantes suis es
est sommes etes sont serai seras sera serons serez seront serais serait serions seriez seraient
etais etait etions etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse
fusses fut fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez
ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions
aviez avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez
eussent ceci cela celà cet cette ici ils les leurs quel quels quelle quelles sans soi
""".split()) | frozenset(  # adverbs and light verbs that say nothing of an activity
    """egalement ainsi aussi alors autre autres chaque comme deja dont donc encore entre fait
    faire lors moins plus peu peut peuvent tous tout toute toutes tres via afin notamment
    nouveau nouveaux nouvelle nouvelles certain certains certaine certaines premier premiere
    different differents differentes cas part etc""".split())
# two words form a pair when only spaces and at most two articles or prepositions stand
# between them (« clause d'insertion », « marchés publics », « services à la personne »,
# « maison de l'emploi »), not punctuation, « et » or any other word
PAIR_GAP = re.compile(r"\s*(?:(?:[dl]'|(?:à|au|aux|de|du|des|la|le|les|en)\s+)\s*){0,2}",
                      re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
MAX_TERMS = 5          # terms named in one reason
GENERIC_TERM_SHARE = 0.25   # a word in a quarter of the documents or more is never a reason
KEPT_ACRONYMS = {"AI", "EI"}   # association / entreprise d'insertion, not « ai », « ei »


def name_words(names, places=()) -> frozenset[str]:
    """The folded lower-case words to leave out: one-word names and acronyms of organisations,
    and every word of a place name (« Val de Marne », « Bouches du Rhône ») but « pays »,
    a territory of its own in the recueil."""
    out = set()
    for name in names:
        words = WORD.findall((name or "").replace("’", "'"))
        if len(words) == 1 and len(words[0]) > 1:
            out.add(fold(words[0].lower()))
    for place in places:
        for word in re.findall(r"[^\W\d_]+", (place or "").replace("’", "'")):
            folded = fold(word.lower())
            if len(folded) > 2 and folded not in STOP_WORDS and folded != "pays":
                out.add(folded)
    return frozenset(out)


def fold(text: str) -> str:
    """Accents removed (« réseau » → « reseau »)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_LOCAL = threading.local()   # a Snowball stemmer keeps state while it works: one per thread


@lru_cache(maxsize=200_000)
def content_stem(word: str) -> str | None:
    """The folded stem of a lower-cased word, or None for a stop word or a single letter."""
    if len(word) < 2 or fold(word) in STOP_WORDS:
        return None
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("french")
    return fold(stemmer.stemWord(word))


class FrenchAnalyzer:
    """Text → features (stems and stem pairs), remembering each feature's surface forms."""

    def __init__(self, names: frozenset[str] = frozenset()):
        self.names = names   # folded lower-case words that name an organisation or a place
        self.surfaces: dict[str, Counter] = defaultdict(Counter)
        self.recording = False
        self._stems: dict[str, str | None] = {}   # word as written → its feature, or None

    def word_stem(self, word: str) -> str | None:
        """The feature of a word as written: None for a stop word or a name."""
        if word not in self._stems:
            lower = word.lower()
            stem = None if fold(lower) in self.names else content_stem(lower)
            if stem is None and word in KEPT_ACRONYMS:
                stem = lower
            self._stems[word] = stem
        return self._stems[word]

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """(stem, start, end) of each content word (« ’ » already replaced by « ' »)."""
        return [(stem, m.start(), m.end()) for m in WORD.finditer(text)
                if (stem := self.word_stem(m.group())) is not None]

    def __call__(self, text: str) -> list[str]:
        text = text.replace("’", "'")
        tokens = self.tokens(text)
        pairs = [(a, b) for a, b in zip(tokens, tokens[1:]) if PAIR_GAP.fullmatch(text[a[2]:b[1]])]
        if self.recording:
            for s, start, end in tokens:
                self.surfaces[s][text[start:end]] += 1
            for a, b in pairs:
                self.surfaces[f"{a[0]} {b[0]}"][" ".join(text[a[1]:b[2]].split())] += 1
        return [s for s, _, _ in tokens] + [f"{a[0]} {b[0]}" for a, b in pairs]

    def surface(self, feature: str) -> str:
        """The form the texts use most (ties: alphabetical), « ' » typographic-neutral."""
        forms = self.surfaces.get(feature)
        if not forms:
            return feature
        best = max(forms.items(), key=lambda kv: (kv[1], [-ord(c) for c in kv[0]]))[0]
        return best if best.isupper() else best.lower()


class TextIndex:
    """TF-IDF rows for named documents (actors, experiences), one vocabulary for all."""

    def __init__(self, documents: dict[str, str], names: frozenset[str] = frozenset()):
        self.ids = list(documents)
        self.row_of = {doc: i for i, doc in enumerate(self.ids)}
        self.analyzer = FrenchAnalyzer(names)
        self.analyzer.recording = True
        self.vectorizer = TfidfVectorizer(analyzer=self.analyzer, sublinear_tf=True,
                                          dtype=np.float64)
        texts = [documents[d] or "" for d in self.ids]
        self.matrix = self.vectorizer.fit_transform(texts).tocsr() if any(texts) else None
        self.analyzer.recording = False
        self.features = (self.vectorizer.get_feature_names_out() if self.matrix is not None
                         else np.array([], dtype=object))
        self.generic = (np.asarray((self.matrix > 0).sum(axis=0)).ravel()
                        >= GENERIC_TERM_SHARE * len(self.ids)) if self.matrix is not None else None

    def vector(self, text: str):
        """The TF-IDF row of a new text (a 1 × features sparse matrix), or None."""
        if self.matrix is None:
            return None
        return self.vectorizer.transform([text])

    def row(self, doc: str):
        if self.matrix is None or doc not in self.row_of:
            return None
        return self.matrix[self.row_of[doc]]

    def cosines(self, vector, rows: np.ndarray | None = None) -> np.ndarray:
        """Cosine of ``vector`` with every document (or the given rows), as a dense array."""
        size = len(self.ids) if rows is None else len(rows)
        if vector is None or vector.nnz == 0:
            return np.zeros(size)
        matrix = self.matrix if rows is None else self.matrix[rows]
        return np.asarray((matrix @ vector.T).todense()).ravel()

    def common_terms(self, a, b, limit: int = MAX_TERMS) -> tuple[str, ...]:
        """The features that weigh most in the cosine of rows ``a`` and ``b`` (surface forms),
        a pair of words preferred to the single words it contains; words shared by most texts
        (« insertion », « projet ») only when nothing rarer is shared."""
        if a is None or b is None:
            return ()
        product = a.multiply(b).tocoo()
        ranked = sorted(zip(product.data, product.col), key=lambda t: (-t[0], t[1]))
        rare = [col for _, col in ranked if not self.generic[col]]
        chosen: list[str] = []
        for col in rare or [col for _, col in ranked]:
            feature = self.features[col]
            words = feature.split()
            if any(feature in c.split() for c in chosen):
                continue   # « claus » after « claus insert »: said already
            inside = [i for i, c in enumerate(chosen) if c in words]
            if inside:     # « claus insert » says more than « claus » chosen before it
                chosen[inside[0]] = feature
                chosen = [c for i, c in enumerate(chosen) if i not in inside[1:]]
            elif len(chosen) < limit:
                chosen.append(feature)
        return tuple(self.analyzer.surface(f) for f in chosen)
