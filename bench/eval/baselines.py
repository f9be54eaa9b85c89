"""The two baselines the engine's ranking is compared with: TF-IDF cosine and Okapi BM25."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

_WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#.&/-]*[a-z0-9+#]|[a-z0-9]")


def bag(text: str) -> Counter[str]:
    """Lower-cased word counts, the plain tokenization both baselines use."""
    return Counter(_WORD_RE.findall(text.casefold()))


class TfIdf:
    """TF-IDF cosine with smoothed IDF (ln((1 + N) / (1 + df)) + 1), as scikit-learn does."""

    def __init__(self, documents: Iterable[str]) -> None:
        bags = [bag(doc) for doc in documents]
        df: Counter[str] = Counter(word for b in bags for word in b)
        self.idf = {word: math.log((1 + len(bags)) / (1 + n)) + 1 for word, n in df.items()}
        self.default = math.log(1 + len(bags)) + 1

    def vector(self, text: str) -> dict[str, float]:
        weights = {w: c * self.idf.get(w, self.default) for w, c in bag(text).items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        return {w: v / norm for w, v in weights.items()}

    def score(self, posting: str, resume: str) -> float:
        query, doc = self.vector(posting), self.vector(resume)
        return sum(value * doc.get(word, 0.0) for word, value in query.items())


class Bm25:
    """Okapi BM25 (k1 1.5, b 0.75, Lucene's IDF) of a resume for the posting as the query."""

    def __init__(self, resumes: Iterable[str], k1: float = 1.5, b: float = 0.75) -> None:
        bags = [bag(doc) for doc in resumes]
        self.k1, self.b = k1, b
        self.n = len(bags)
        self.df: Counter[str] = Counter(word for b_ in bags for word in b_)
        self.average = sum(sum(b_.values()) for b_ in bags) / max(1, self.n)

    def score(self, posting: str, resume: str) -> float:
        doc = bag(resume)
        length = sum(doc.values())
        total = 0.0
        for word in set(bag(posting)):
            tf = doc.get(word, 0)
            if not tf:
                continue
            df = self.df.get(word, 0)
            idf = math.log((self.n - df + 0.5) / (df + 0.5) + 1)
            norm = tf + self.k1 * (1 - self.b + self.b * length / self.average)
            total += idf * tf * (self.k1 + 1) / norm
        return total
