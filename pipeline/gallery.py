"""The enrolled gallery: every template of every employee, searched with one matrix product."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np

from core.errors import GalleryError
from pipeline.types import NOBODY_SIMILARITY, EmployeeName, Match


@dataclass(frozen=True)
class LookAlike:
    """An enrolled employee a face may be taken for, and how closely: the templates of ``other`` (an enrolled
    look-alike pair, ``other`` < ``employee_id``) or photos being enrolled (``other`` None). ``name`` and
    ``other_name`` say how they are shown, filled in (``named``) by whoever knows the names."""

    employee_id: int
    similarity: float  # the best score between the two sides' faces
    other: int | None = None
    name: EmployeeName | None = None
    other_name: EmployeeName | None = None

    def named(self, names: Callable[[int], EmployeeName]) -> LookAlike:
        other_name = names(self.other) if self.other is not None else None
        return replace(self, name=names(self.employee_id), other_name=other_name)

    @property
    def pair(self) -> tuple[int, int] | None:
        """The two employee ids of an enrolled pair, smaller first."""
        if self.other is None:
            return None
        return min(self.other, self.employee_id), max(self.other, self.employee_id)


@dataclass(frozen=True)
class PersonScores:
    """Top-k employees per query: ids (N, k) (-1 where fewer than k employees) and similarities (N, k)."""

    employee_ids: np.ndarray
    similarities: np.ndarray


class Gallery:
    """Templates of one recognizer, grouped by employee, and the faces people said "not me" to.

    Search is ``queries @ templates.T`` followed by a per-employee maximum (``np.maximum.reduceat``
    over templates sorted by owner), so an employee with many templates counts once. A face at least as
    close to one of an employee's rejected looks (``with_rejected``) as to their own templates is not
    taken for them (``decide``).
    """

    def __init__(self, recognizer: str, vectors: np.ndarray, employee_ids: np.ndarray) -> None:
        vectors = np.asarray(vectors, np.float32)
        employee_ids = np.asarray(employee_ids, np.int64).reshape(-1)
        if vectors.ndim != 2 or len(vectors) != len(employee_ids):
            raise GalleryError(f"gallery needs (M, D) vectors and M owners, got {vectors.shape} and {employee_ids.shape}")
        order = np.argsort(employee_ids, kind="stable")
        self.recognizer = recognizer
        self.vectors = np.ascontiguousarray(vectors[order])
        owners = employee_ids[order]
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if len(owners) else np.zeros(0, np.int64)
        self._starts = starts
        self.people = owners[starts] if len(owners) else np.zeros(0, np.int64)
        self._pair_margins: dict[tuple[int, int], float] = {}
        self.rejected = np.zeros((0, self.vectors.shape[1]), np.float32)  # (R, D) faces that are not ...
        self.rejected_owners = np.zeros(0, np.int64)  # ... these employees

    def with_rejected(self, vectors: np.ndarray, employee_ids: np.ndarray) -> Gallery:
        """This gallery, holding ``vectors`` as faces that are not ``employee_ids`` (replacing those it held)."""
        vectors = np.asarray(vectors, np.float32).reshape(-1, self.dim) if len(vectors) else np.zeros((0, self.dim), np.float32)
        employee_ids = np.asarray(employee_ids, np.int64).reshape(-1)
        if len(vectors) != len(employee_ids):
            raise GalleryError(f"rejected looks need one employee each, got {len(vectors)} and {len(employee_ids)}")
        self.rejected, self.rejected_owners = vectors, employee_ids
        return self

    @classmethod
    def empty(cls, recognizer: str, dim: int = 512) -> Gallery:
        return cls(recognizer, np.zeros((0, dim), np.float32), np.zeros(0, np.int64))

    def __len__(self) -> int:
        """Number of templates."""
        return len(self.vectors)

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]

    def check_compatible(self, recognizer: str, dim: int) -> None:
        """Refuse queries from another recognizer: their embeddings live in a different space."""
        if recognizer != self.recognizer:
            raise GalleryError(
                f"templates were made with {self.recognizer}, the query with {recognizer}: "
                "embeddings of different recognizers cannot be compared (re-enrol or choose that recognizer)"
            )
        if dim != self.dim:
            raise GalleryError(f"query dimension {dim} does not match the gallery's {self.dim}")

    def person_similarities(self, queries: np.ndarray) -> np.ndarray:
        """(N, P) best similarity of each query to each employee (columns follow ``self.people``)."""
        queries = np.asarray(queries, np.float32).reshape(-1, self.dim)
        if len(self.people) == 0:
            return np.zeros((len(queries), 0), np.float32)
        scores = self.vectors @ queries.T  # (M, N): a matrix-vector product for one query, 2x faster than (N, M)
        return np.maximum.reduceat(scores, self._starts, axis=0).T

    def top_k(self, queries: np.ndarray, k: int = 2, *, per_person: np.ndarray | None = None) -> PersonScores:
        """The k most similar employees per query, best first (from ``per_person`` scores when given)."""
        if per_person is None:
            per_person = self.person_similarities(queries)
        n, p = per_person.shape
        ids = np.full((n, k), -1, np.int64)
        sims = np.full((n, k), -1.0, np.float32)
        kk = min(k, p)
        if kk:
            part = np.argpartition(-per_person, kk - 1, axis=1)[:, :kk] if kk < p else np.tile(np.arange(p), (n, 1))
            part_scores = np.take_along_axis(per_person, part, axis=1)
            order = np.argsort(-part_scores, axis=1)
            best = np.take_along_axis(part, order, axis=1)
            ids[:, :kk] = self.people[best]
            sims[:, :kk] = np.take_along_axis(part_scores, order, axis=1)
        return PersonScores(ids, sims)

    def lookalikes(self, similarity: float, chunk: int = 1024) -> list[LookAlike]:
        """Pairs of employees whose templates score ``similarity`` or more against each other, closest first.

        People are compared by their mean template first (a cheap filter 0.2 below ``similarity``), then
        template by template, so a gallery of many thousands stays a matter of seconds.
        """
        if len(self.people) < 2:
            return []
        ends = np.r_[self._starts[1:], len(self.vectors)]
        means = np.add.reduceat(self.vectors, self._starts, axis=0) / (ends - self._starts)[:, None]
        means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)
        found = []
        for start in range(0, len(means), chunk):
            block = means[start : start + chunk] @ means.T
            for i, j in zip(*np.nonzero(block >= similarity - 0.2)):
                a, b = start + int(i), int(j)
                if a >= b:
                    continue
                best = float((self.vectors[self._starts[a] : ends[a]] @ self.vectors[self._starts[b] : ends[b]].T).max())
                if best >= similarity:
                    found.append(LookAlike(int(self.people[b]), best, other=int(self.people[a])))
        return sorted(found, key=lambda pair: -pair.similarity)

    def replaced(
        self, people: Iterable[int], vectors: np.ndarray, owners: np.ndarray, lookalike: tuple[float, float] | None = None,
        rejected: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> Gallery:
        """A new gallery: this one without the templates of ``people``, plus ``vectors`` (owned by ``owners``, some
        of ``people``: their templates now). The others' templates are not read again, only copied; look-alike
        pairs are kept, except those of ``people``, whose pairs are found again when ``lookalike`` gives the
        similarity and the margin (as ``require_margin``). ``rejected``: the rejected looks of ``people`` now
        (vectors, owners); the others' are kept."""
        changed = np.fromiter(people, np.int64)
        keep = ~np.isin(self.owners, changed)
        vectors = np.asarray(vectors, np.float32).reshape(-1, self.dim)
        gallery = Gallery(self.recognizer, np.concatenate([self.vectors[keep], vectors]), np.concatenate([self.owners[keep], owners]))
        margins = {pair: m for pair, m in self._pair_margins.items() if not np.isin(pair, changed).any()}
        if lookalike is not None:
            similarity, margin = lookalike
            for employee_id in np.unique(np.asarray(owners, np.int64)):
                margins |= {pair.pair: margin for pair in gallery.lookalikes_of(int(employee_id), similarity) if pair.pair is not None}
        gallery._pair_margins = margins
        kept = ~np.isin(self.rejected_owners, changed)
        new_vectors, new_owners = rejected if rejected is not None else (np.zeros((0, self.dim), np.float32), np.zeros(0, np.int64))
        new_vectors = np.asarray(new_vectors, np.float32).reshape(-1, self.dim) if len(new_vectors) else np.zeros((0, self.dim), np.float32)
        return gallery.with_rejected(np.concatenate([self.rejected[kept], new_vectors]),
                                     np.concatenate([self.rejected_owners[kept], np.asarray(new_owners, np.int64)]))

    @property
    def owners(self) -> np.ndarray:
        """The employee of each template (sorted)."""
        counts = np.diff(np.r_[self._starts, len(self.vectors)])
        return np.repeat(self.people, counts) if len(self.vectors) else np.zeros(0, np.int64)

    def lookalikes_of(self, employee_id: int, similarity: float) -> list[LookAlike]:
        """The employees whose templates score ``similarity`` or more against ``employee_id``'s (one product
        of that person's few templates with all)."""
        where = np.flatnonzero(self.people == employee_id)
        if not len(where):
            return []
        ends = np.r_[self._starts[1:], len(self.vectors)]
        mine = self.vectors[self._starts[where[0]] : ends[where[0]]]
        best = np.maximum.reduceat(self.vectors @ mine.T, self._starts, axis=0).max(axis=1)
        return [
            LookAlike(max(employee_id, int(other)), float(score), other=min(employee_id, int(other)))
            for other, score in zip(self.people, best)
            if other != employee_id and score >= similarity
        ]

    def _without_rejected(self, queries: np.ndarray) -> np.ndarray:
        """``person_similarities``, with -1 (nobody) where a query is at least as close to one of that employee's
        rejected looks as to their templates."""
        per_person = self.person_similarities(queries)
        if not len(self.rejected) or not per_person.size:
            return per_person
        queries = np.asarray(queries, np.float32).reshape(-1, self.dim)
        to_rejected = queries @ self.rejected.T  # (N, R)
        columns = np.searchsorted(self.people, self.rejected_owners)
        known = (columns < len(self.people)) & (self.people[np.minimum(columns, len(self.people) - 1)] == self.rejected_owners)
        closest = np.full_like(per_person, -np.inf)
        for column in np.unique(columns[known]):  # the employees with rejected looks: a few
            closest[:, column] = to_rejected[:, known & (columns == column)].max(axis=1)
        return np.where(closest >= per_person, np.float32(-1.0), per_person)

    def require_margin(self, pairs: list[LookAlike], margin: float) -> None:
        """A stricter margin for these look-alike pairs: when they are the top two, the best must lead by ``margin``."""
        self._pair_margins = {pair.pair: margin for pair in pairs if pair.pair is not None}

    def pair_margin(self, first: int, second: int) -> float | None:
        return self._pair_margins.get((min(first, second), max(first, second)))

    def decide(self, queries: np.ndarray, threshold: float, margin: float) -> list[Match]:
        """One Match per query: an employee only if similarity >= threshold AND it beats the runner-up by ``margin``
        (by the stricter margin of ``require_margin`` when the two are a look-alike pair).

        With a single enrolled employee the runner-up similarity is taken as 0 (an unrelated face).
        """
        top = self.top_k(queries, 2, per_person=self._without_rejected(queries))
        matches = []
        for ids, sims in zip(top.employee_ids, top.similarities):
            if ids[0] < 0:
                matches.append(Match(None, NOBODY_SIMILARITY, 0.0))
                continue
            runner_up = float(sims[1]) if ids[1] >= 0 else 0.0
            best = float(sims[0])
            gap = best - runner_up
            needed = margin
            if ids[1] >= 0 and self._pair_margins:
                needed = max(margin, self.pair_margin(int(ids[0]), int(ids[1])) or margin)
            known = best >= threshold and gap >= needed
            matches.append(Match(int(ids[0]) if known else None, best, gap))
        return matches
