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


def _indels(s: str) -> list[float]:
    """Cost of inserting or deleting each letter of s: half for a vowel or a doubled letter."""
    return [
        0.5 if c in VOWELS or (i and s[i - 1] == c) or s[i + 1 : i + 2] == c else 1.0
        for i, c in enumerate(s)
    ]


def distance(typed: str, word: str, limit: float = 99.0) -> float:
    """Weighted edit distance (with adjacent swaps) from `typed` to `word` or to its start.

    Matching only the start of `word` adds EARLY_STOP, so a whole-word match wins a tie.
    Anything above `limit` may come back as just "more than limit" (the work stops early).
    """
    a, b = fold(typed), fold(word)
    cost_a, cost_b = _indels(a), _indels(b)
    vowel_b = [c in VOWELS for c in b]
    previous: list[float] = []
    row = [0.0]
    for cost in cost_b:
        row.append(row[-1] + cost)
    for i, ca in enumerate(a):
        before, previous = previous, row
        row = [previous[0] + cost_a[i]]
        vowel_a = ca in VOWELS
        for j, cb in enumerate(b):
            best = (
                previous[j] if ca == cb else previous[j] + (0.5 if vowel_a and vowel_b[j] else 1.0)
            )
            best = min(best, previous[j + 1] + cost_a[i], row[j] + cost_b[j])
            if i and j and ca == b[j - 1] and a[i - 1] == cb:
                best = min(best, before[j - 1] + 1.0)
            row.append(best)
        if min(row) > limit:
            return limit + 1.0
    early = min(row[1 : len(b)], default=row[-1]) + EARLY_STOP
    return min(row[-1], early)


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
    found = [Candidate(w, distance(typed, w, limit), n) for w, n in words.items() if w != typed]
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
    within max_cost(); looser ones only become suggestions. Suggestions are for when the
    corrected query finds nothing too, so they never repeat it.
    """
    fixed = list(words)
    for i, word in enumerate(words):
        best = candidates.get(i) or []
        if i not in known and best and best[0].cost <= max_cost(word):
            fixed[i] = best[0].word
    query = " ".join(fixed) if fixed != words else None
    unknown = [i for i in range(len(words)) if i not in known and candidates.get(i)]
    suggestions: list[str] = []
    if query is not None and len(words) > 1:
        # The corrected words alone, for when no product has all of them together.
        suggestions += [fixed[i] for i in unknown if fixed[i] != words[i]]
    for k in range(MAX_SUGGESTIONS):  # then the next-closest words in place of the misspelt
        option = list(fixed)
        for i in unknown:
            option[i] = candidates[i][min(k, len(candidates[i]) - 1)].word
        if option != words:
            suggestions.append(" ".join(option))
    suggestions = [s for s in dict.fromkeys(suggestions) if s != query]
    return Correction(query=query, suggestions=suggestions[:MAX_SUGGESTIONS])
