"""Which criteria a piece of work most likely shows: BM25 over the target's required set.

Each criterion is a document made of its title, description and examples and the words of the
evidence already linked to it; the work (an evidence item or an inbox candidate)
is the query. Ranking is Okapi BM25 (``bm25s``) over Snowball-stemmed words (``PyStemmer``),
offline and deterministic; every suggestion carries the work's own words that matched, so the
engineer sees why. How well it ranks is measured on the bundled ladders' examples
(``benchmarks/suggest_accuracy.py``, reported in ``benchmarks/RESULTS.md``).

``bm25s`` brings numpy (~150 ms to import): it is imported when a ranker is built, never when
this module is, so no command or screen pays for it until it asks for suggestions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from promo_planner.core.ladder import Criterion, Guideline

if TYPE_CHECKING:
    from promo_planner.core.inbox import CandidateDraft
    from promo_planner.core.records import EvidenceDraft
    from promo_planner.core.store import Store

# How many times each field's words count in a criterion's document (BM25 reads repetition
# as weight). Tuned on the held-out examples; benchmarks/RESULTS.md says what was tried (the
# area's name, heavier titles and examples all ranked worse).
TITLE_WEIGHT = 1
DESCRIPTION_WEIGHT = 2
EXAMPLES_WEIGHT = 1
LINKED_WEIGHT = 1
# The work's title counts this many times in the query.
QUERY_TITLE_WEIGHT = 2
# Evidence texts per criterion that join its document (the newest first, when the caller
# orders them so): enough to learn the engineer's words, not so many that one busy criterion
# drowns the others.
LINKED_PER_CRITERION = 10
# Term-frequency saturation and length normalisation: criteria are short and their words
# repeat on purpose (a description restates the title), so saturation comes late (k1 2.0) and
# long documents are normalised almost fully (b 0.9).
K1 = 2.0
B = 0.9
DEFAULT_LIMIT = 5

# English function words (bm25s's list, and the few it lacks), file-name endings and the filler
# of capture's own sentences ("Work on PAY-12: 3 commits ... Areas: ..."): they match
# everything and say nothing about which criterion the work shows.
_STOPWORD_TEXT = """
    a an and are as at be but by for if in into is it no not of on or such that the their
    then there these they this to was will with from has have had were been being its our we
    you your yours i me my he she his her them than so very can all any each also only own
    same other more most some out up down over under again once about after before while
    py js ts tsx jsx go rb rs java kt md txt yaml yml json toml cfg ini sh html css scss sql
    cpp hpp cs php swift lock
    work areas commit commits yours line lines file files folder top"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Suggestion:
    """A criterion the work may show, its BM25 score and the work's words that matched."""

    criterion: Criterion
    score: float
    words: tuple[str, ...]
    """The work's own words (as written) that the criterion's text shares, strongest first."""

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of a suggestion (``suggest --json``, ``inbox list --json``)."""
        return {
            "criterion": self.criterion.id,
            "title": self.criterion.title,
            "area": self.criterion.area,
            "score": round(self.score, 3),
            "words": list(self.words),
        }


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: the Snowball stemmers in C

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=4096)
def words_of(text: str) -> tuple[tuple[str, str], ...]:
    """``(stem, word as written)`` for every meaningful word of ``text``: camelCase, paths and
    snake_case split, case folded, numbers and hashes (anything with a digit) and stopwords
    left out."""
    found = []
    for token in _TOKEN.findall(_CAMEL.sub(" ", text)):
        folded = token.casefold()
        if len(folded) < 2 or not folded.isalpha() or folded in _STOPWORDS:
            continue
        found.append(folded)
    stems = _stemmer().stemWords(found)
    return tuple(zip(stems, found, strict=True))


def _stems(text: str, times: int = 1) -> list[str]:
    return [stem for stem, _ in words_of(text)] * times


def evidence_text(item: EvidenceDraft) -> str:
    """An evidence item's words: title, description, impact data points and tags."""
    return words_text(item.title, item.description, item.impact, item.tags)


def words_text(title: str, description: str, impact: Iterable[str], tags: Iterable[str]) -> str:
    """``evidence_text`` from the item's parts (``Store.evidence_words``)."""
    return "\n".join([title, description, *impact, *tags])


def candidate_text(candidate: CandidateDraft) -> str:
    """An inbox candidate's words: title, description, impact, tags, and the last folder and
    name of each area and file (``services/payments/retry.py`` says ``payments retry``: the
    upper folders are the repository's layout, shared by all work, not what the work is)."""
    paths = [" ".join(p.split("/")[-2:]) for p in (*candidate.areas, *candidate.files)]
    return "\n".join(
        [candidate.title, candidate.description, *candidate.impact, *candidate.tags, *paths]
    )


class CriterionRanker:
    """BM25 over a set of criteria (normally the target level's required set)."""

    def __init__(
        self,
        criteria: Sequence[Criterion],
        *,
        linked: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Index ``criteria``; ``linked``: texts of the evidence linked to each criterion (by
        id; the first ``LINKED_PER_CRITERION`` are used)."""
        import bm25s  # numpy: only when suggestions are asked for

        self.criteria = tuple(criteria)
        texts = linked or {}
        documents = [
            _stems(c.title, TITLE_WEIGHT)
            + _stems(c.description or "", DESCRIPTION_WEIGHT)
            + _stems("\n".join(c.examples), EXAMPLES_WEIGHT)
            # Text by text: an item linked to several criteria is read once (words_of's cache).
            + [
                stem
                for text in texts.get(c.id, ())[:LINKED_PER_CRITERION]
                for stem, _ in words_of(text)
            ]
            * LINKED_WEIGHT
            for c in self.criteria
        ]
        self._vocabulary = {stem for document in documents for stem in document}
        self._index = bm25s.BM25(k1=K1, b=B)
        if self.criteria:
            self._index.index(documents, show_progress=False)

    def rank(self, title: str, body: str = "", limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
        """The criteria that best match a piece of work (its ``title`` and the rest of its
        words in ``body``), best first, at most ``limit``; none when no word matches."""
        words = words_of(title) * QUERY_TITLE_WEIGHT + words_of(body)
        counts = Counter(stem for stem, _ in words if stem in self._vocabulary)
        if not counts or not self.criteria:
            return []
        shown: dict[str, str] = {}
        for stem, word in words:
            shown.setdefault(stem, word)
        per_stem = {stem: self._index.get_scores([stem]) * n for stem, n in counts.items()}
        totals = sum(per_stem.values())
        order = sorted(range(len(self.criteria)), key=lambda i: (-float(totals[i]), i))
        out = []
        for i in order[:limit]:
            if totals[i] <= 0:
                break
            matched = sorted(
                (stem for stem in per_stem if per_stem[stem][i] > 0),
                key=lambda stem: (-float(per_stem[stem][i]), stem),
            )
            out.append(
                Suggestion(self.criteria[i], float(totals[i]), tuple(shown[s] for s in matched))
            )
        return out


def linked_texts(
    evidence: Iterable[EvidenceDraft], *, leave_out: int | None = None
) -> dict[str, list[str]]:
    """Evidence texts by the criteria they are linked to, in the order given (newest first
    when given newest first); the item numbered ``leave_out`` is left out, so an item is never
    suggested from its own words."""
    out: dict[str, list[str]] = {}
    for item in evidence:
        if leave_out is not None and getattr(item, "id", None) == leave_out:
            continue
        text = evidence_text(item)
        for link in item.criteria:
            out.setdefault(link.criterion_id, []).append(text)
    return out


def target_ranker(
    guideline: Guideline,
    target_level: str,
    evidence: Iterable[EvidenceDraft] = (),
    *,
    leave_out: int | None = None,
) -> CriterionRanker:
    """A ranker over the target level's required set, its criteria's documents grown with the
    words of ``evidence`` linked to them (newest first; ``leave_out`` as in ``linked_texts``)."""
    return CriterionRanker(
        guideline.required(target_level), linked=linked_texts(evidence, leave_out=leave_out)
    )


def ranker_for(store: Store, leave_out: int | None = None) -> CriterionRanker:
    """The portfolio's ranker: the plan's target criteria, taught by the evidence linked to them
    (the newest ``LINKED_PER_CRITERION`` of each, ``leave_out`` aside). What the CLI and the app
    rank with; InputError "no plan yet" before ``init``."""
    plan = store.require_plan()
    guideline = store.guideline()
    newest = store.newest_linked(
        guideline.required_ids(plan.target_level), LINKED_PER_CRITERION, leave_out=leave_out
    )
    words = store.evidence_words({i for ids in newest.values() for i in ids})
    linked = {
        criterion_id: [words_text(*words[i]) for i in ids if i in words]
        for criterion_id, ids in newest.items()
    }
    return CriterionRanker(guideline.required(plan.target_level), linked=linked)
