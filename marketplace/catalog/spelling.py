"""Spelling forgiveness for search: how far a typed word is from a catalog word, no database.

Indonesian is written loosely: a schwa comes and goes (`kripik`/`keripik`), `e` and `a` swap
in everyday speech (`sambel`/`sambal`), old spellings survive (`djamu`, `tjoklat`, `oe`), and
thumbs on a cheap phone drop letters (`batk`). So the distance here is an edit distance in
which vowel edits and doubled letters cost half, old spellings are folded first, and a typed
word may stop early (search matches prefixes). The database only proposes candidates
(marketplace/catalog/search_terms.py); these functions decide, the same way on both databases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VOWELS = frozenset("aeiou")
# Van Ophuijsen / Soewandi spellings still seen on labels, folded before comparing.
OLD_SPELLINGS = (("dj", "j"), ("tj", "c"), ("oe", "u"), ("sj", "sy"))
MIN_WORD = 3  # shorter words are too ambiguous to correct (and have no trigram)
EARLY_STOP = 0.25  # a typed word matching only the start of a catalog word costs a little more
LOOSE = 1.0  # "did you mean" goes this much further than an automatic correction
_DIGIT = re.compile(r"\d")


def fold(word: str) -> str:
    """`word` with old Indonesian spellings replaced by today's."""
    for old, new in OLD_SPELLINGS:
        word = word.replace(old, new)
    return word


def variant_key(word: str) -> str:
    """A coarse key shared by spelling variants: folded, vowels and doubled letters dropped.

    `kripik`, `keripik` → `krpk`; `sambel`, `sambal` → `smbl`; `batk`, `batik` → `btk`. It
    only finds candidates for words the trigram lookup misses (short ones); distance() decides.
    """
    word = fold(word)
    head, rest = word[:1], "".join(c for c in word[1:] if c not in VOWELS)
    key = []
    for c in head + rest:
        if not key or key[-1] != c:
            key.append(c)
    return "".join(key)[:40]


def correctable(word: str) -> bool:
    """Whether a typed word is worth correcting: long enough, and not a number or code."""
    return len(word) >= MIN_WORD and not _DIGIT.search(word)


def max_cost(word: str) -> float:
    """How far an automatic correction may go for a typed word of this length."""
    n = len(word)
    return 0.5 if n <= 3 else 1.0 if n <= 5 else 1.5 if n <= 8 else 2.0


def _indel(s: str, i: int) -> float:
    """Cost of inserting or deleting s[i]: half for a vowel or a doubled letter."""
    c = s[i]
    doubled = (i > 0 and s[i - 1] == c) or (i + 1 < len(s) and s[i + 1] == c)
    return 0.5 if c in VOWELS or doubled else 1.0


def _sub(a: str, b: str) -> float:
    return 0.0 if a == b else 0.5 if a in VOWELS and b in VOWELS else 1.0


def distance(typed: str, word: str) -> float:
    """Weighted edit distance (with adjacent swaps) from `typed` to `word` or to its start.

    Matching only the start of `word` adds EARLY_STOP, so a whole-word match wins a tie.
    """
    a, b = fold(typed), fold(word)
    rows = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for j in range(1, len(b) + 1):
        rows[0][j] = rows[0][j - 1] + _indel(b, j - 1)
    for i in range(1, len(a) + 1):
        row, up = rows[i], rows[i - 1]
        row[0] = up[0] + _indel(a, i - 1)
        for j in range(1, len(b) + 1):
            best = min(
                up[j] + _indel(a, i - 1),
                row[j - 1] + _indel(b, j - 1),
                up[j - 1] + _sub(a[i - 1], b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, rows[i - 2][j - 2] + 1.0)
            row[j] = best
    last = rows[len(a)]
    early = min(last[1 : len(b)], default=last[-1]) + EARLY_STOP
    return min(last[-1], early)


@dataclass(frozen=True)
class Candidate:
    """A catalog word that may be what the buyer meant, with its distance and frequency."""

    word: str
    cost: float
    frequency: int


def rank(typed: str, words: dict[str, int]) -> list[Candidate]:
    """Catalog words (word -> frequency) close enough to `typed`, best first.

    Closest first; among equally close ones the word in more products, then alphabetical,
    so the choice never depends on the order the database returned them in.
    """
    limit = max_cost(typed) + LOOSE
    found = [Candidate(w, distance(typed, w), n) for w, n in words.items() if w != typed]
    found = [c for c in found if c.cost <= limit]
    return sorted(found, key=lambda c: (c.cost, -c.frequency, c.word))


@dataclass
class Correction:
    """What spelling forgiveness made of a query that found nothing."""

    query: str | None = None  # the query with confident corrections, if any word changed
    suggestions: list[str] | None = None  # "did you mean" queries, best first

    def __post_init__(self) -> None:
        self.suggestions = self.suggestions or []


MAX_SUGGESTIONS = 3


def correct(
    words: list[str], known: set[int], candidates: dict[int, list[Candidate]]
) -> Correction:
    """Decide the corrected query and the suggestions for a query's words.

    `known`: positions whose word starts a catalog word (kept as typed); `candidates`: ranked
    alternatives per position. A position's best alternative replaces the word when it is
    within max_cost(); looser ones only become suggestions.
    """
    fixed = list(words)
    for i, word in enumerate(words):
        best = candidates.get(i) or []
        if i not in known and best and best[0].cost <= max_cost(word):
            fixed[i] = best[0].word
    query = " ".join(fixed) if fixed != words else None
    suggestions: list[str] = []
    unknown = [i for i in range(len(words)) if i not in known and candidates.get(i)]
    for k in range(MAX_SUGGESTIONS):
        option = list(fixed)
        for i in unknown:
            ranked = candidates[i]
            option[i] = ranked[min(k, len(ranked) - 1)].word
        text = " ".join(option)
        if option != words and text not in suggestions:
            suggestions.append(text)
    if query is not None and len(words) > 1:
        # The corrected words alone, for when no product has all of them together.
        suggestions += [fixed[i] for i in unknown if fixed[i] != words[i]]
    return Correction(query=query, suggestions=list(dict.fromkeys(suggestions)))
