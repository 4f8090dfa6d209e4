"""Campaign (form-letter) detection over a stream of comment texts, in bounded memory.

Exact duplicates share a BLAKE2b hash of the normalised text (NFKC, casefold, punctuation and
symbols removed, whitespace collapsed). Near duplicates are found with one-permutation MinHash
(64 bins, rotation densification) over word 3-shingles, or character 4-grams for texts under three
words, and LSH banding: 16 bands of 4 rows. A text sharing a band with another becomes a candidate
with probability 1 - (1 - J**4)**16 for Jaccard similarity J:

    J        0.3    0.5    0.6    0.7    0.8     0.9
    P(cand)  0.12   0.64   0.89   0.98   0.9998  1.0

Candidates are then verified: the share of equal signature bins estimates J (standard deviation
about 0.06 at J = 0.5) and must reach the threshold, 0.5 by default, so LSH collisions never
merge different letters. Why 0.5: a ~120-word letter whose copies each change the sender's
name, town and one sentence keeps J ≈ 0.7 between any two copies, and a template with a personal
paragraph as long as itself sits at 0.5; letters written independently on the same topic share
few word triples (J < 0.1). A campaign member at exactly J = 0.5 to one other member is missed
36% of the time, but it only needs to reach one of the campaign's members, so a campaign of five
or more is very rarely split.

Memory does not grow with the number of unique comments. A text that matches nothing goes into
fixed-size, overwrite-on-collision tables: a ring of the most recent such texts (signature, time,
exact hash) and direct-mapped slots from its exact hash and band keys into that ring. Only when a
second text matches does state enter the cluster maps (exact hash → cluster, band key →
exemplar signature, at most `exemplars_per_cluster` per cluster), so the maps grow with
duplicates, and an exact copy of any clustered text takes a fast path with no MinHash work.
What is lost: the ring keeps no ids or texts, so a cluster's representative is its earliest
member whose text we held (usually the second); the first member still counts in the size and
first time. An exact copy whose first occurrence left the ring is still counted (its slot
remembers the time); a near copy whose partner left the ring, or lost its slots to collisions, is
only caught if another member is still remembered, so the tables bound recall for campaigns whose
members arrive far apart (`recent_texts` unclustered texts apart by default).
"""

from __future__ import annotations

import hashlib
import string
import struct
import sys
import unicodedata
import zlib
from array import array
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from operator import eq, xor
from typing import Any

DEFAULT_THRESHOLD = 0.5
DEFAULT_MIN_SIZE = 5

BINS = 64
BANDS = 16
ROWS = BINS // BANDS
WORD_SHINGLE = 3
CHAR_SHINGLE = 4

_EMPTY = 1 << 16  # above every 16-bit bin value
_DISTANCE_STEP = 0x9E3B  # odd: distances 1..63 give distinct shifts
_LITTLE_ENDIAN = sys.byteorder == "little"
_UNPACK_BANDS = struct.Struct(f"<{BANDS}Q")  # ROWS = 4 values of 16 bits make one 64-bit key
_BAND_SALTS = tuple(
    int.from_bytes(hashlib.blake2b(b"band %d" % band, digest_size=8).digest(), "little")
    for band in range(BANDS)
)
_PACK_SIGNATURE = struct.Struct(f"<{BINS}H")  # fixed byte order: same keys everywhere
_ASCII_PUNCTUATION = string.punctuation.encode()  # every ASCII punctuation (P*) or symbol (S*)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


# --- normalisation, shingles, signatures ------------------------------------------------------


class _StripTable(dict[int, int | None]):
    """str.translate table that drops Unicode punctuation and symbols, filled in as chars appear."""

    def __missing__(self, codepoint: int) -> int | None:
        kept = None if unicodedata.category(chr(codepoint))[0] in "PS" else codepoint
        self[codepoint] = kept
        return kept


_STRIP = _StripTable()


def normalised_words(text: str) -> list[bytes]:
    """The words of NFKC-normalised, casefolded text with punctuation and symbols removed.

    A text of nothing but punctuation or emoji keeps them, so "👍" and "?!" stay different.
    """
    if text.isascii():  # NFKC and casefold are no-ops beyond lower() on ASCII: the common case
        lowered = text.lower().encode()
        return lowered.translate(None, _ASCII_PUNCTUATION).split() or lowered.split()
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = folded.translate(_STRIP).split() or folded.split()
    return [word.encode() for word in words]


def exact_key(words: list[bytes]) -> int:
    """64-bit hash of the normalised text, never 0 (0 marks an empty slot)."""
    digest = hashlib.blake2b(b" ".join(words), digest_size=8).digest()
    return int.from_bytes(digest, "big") or 1


def shingle_hashes(words: list[bytes]) -> list[int]:
    """32-bit hashes of word 3-shingles, or of character 4-grams for texts under three words."""
    crc = zlib.crc32
    if len(words) >= WORD_SHINGLE:
        # crc32(c, crc32(b, crc32(a))) is the CRC of a+b+c without building it; that "ab c" and
        # "a bc" hash alike does not matter for similarity.
        return [
            crc(c, crc(b, crc(a))) for a, b, c in zip(words, words[1:], words[2:], strict=False)
        ]
    joined = b" ".join(words)
    if len(joined) <= CHAR_SHINGLE:
        return [crc(joined)] if joined else []
    return [crc(joined[i : i + CHAR_SHINGLE]) for i in range(len(joined) - CHAR_SHINGLE + 1)]


def signature(hashes: list[int]) -> array | None:
    """One-permutation MinHash: the low bits pick a bin, the high 16 bits compete for its minimum.

    Empty bins borrow the next non-empty bin to the right, shifted by an odd multiple of the
    distance (rotation densification), so short texts still give comparable full signatures.
    None without shingles.
    """
    if not hashes:
        return None
    mins = [_EMPTY] * BINS
    mask = BINS - 1
    for h in hashes:
        slot = h & mask
        value = h >> 16
        if value < mins[slot]:
            mins[slot] = value
    if _EMPTY in mins:
        borrowed = 0
        distance = 0
        for i in range(2 * BINS - 1, -1, -1):  # right to left, twice round the circle
            value = mins[i % BINS]
            if value < _EMPTY:
                borrowed, distance = value, 0
            else:
                distance += 1
                if i < BINS:
                    mins[i] = (borrowed + distance * _DISTANCE_STEP) & 0xFFFF
    return array("H", mins)


def band_keys(sig: array) -> list[int]:
    """One 64-bit key per band: its ROWS 16-bit values side by side, salted by the band number."""
    packed = sig.tobytes() if _LITTLE_ENDIAN else _PACK_SIGNATURE.pack(*sig)
    return list(map(xor, _UNPACK_BANDS.unpack(packed), _BAND_SALTS))


def estimated_jaccard(a: array, b: array) -> float:
    """Share of equal bins. 16-bit values add a 1/65536 chance of a false match per bin."""
    return sum(map(eq, a, b)) / BINS


# --- the report -------------------------------------------------------------------------------


def _iso(micros: int) -> str:
    return (_EPOCH + timedelta(microseconds=micros)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _micros(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _MICROSECOND


@dataclass(frozen=True)
class Campaign:
    size: int
    first_at: str
    last_at: str
    representative_id: str
    representative_text: str
    exact: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "first_at": self.first_at,
            "last_at": self.last_at,
            "representative_id": self.representative_id,
            "representative_text": self.representative_text,
            "exact": self.exact,
        }


@dataclass(frozen=True)
class CampaignReport:
    method: str
    threshold: float
    min_size: int
    comments: int
    unique_comments: int
    clusters: tuple[Campaign, ...]

    @property
    def duplicate_comments(self) -> int:
        return self.comments - self.unique_comments

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "threshold": self.threshold,
            "min_size": self.min_size,
            "comments": self.comments,
            "unique_comments": self.unique_comments,
            "duplicate_comments": self.duplicate_comments,
            "clusters": [cluster.to_dict() for cluster in self.clusters],
        }


def describe_method(threshold: float) -> str:
    return (
        "Exact duplicates share a hash of the normalised text (NFKC, casefold, punctuation "
        "removed, whitespace collapsed); near duplicates are found by MinHash over word "
        f"3-shingles ({BINS} one-permutation bins, LSH with {BANDS} bands of {ROWS} rows) and "
        f"kept when their estimated Jaccard similarity is at least {threshold:g}."
    )


# --- the detector -----------------------------------------------------------------------------


def _power_of_two(name: str, value: int) -> int:
    if value < 1 or value & (value - 1):
        raise ValueError(f"{name} must be a power of two, not {value}.")
    return value


class CampaignDetector:
    """Feed comments in creation order with `add`; `result` gives the campaigns found so far.

    `recent_texts` unclustered texts are remembered (152 bytes each); `exact_slots` (24 bytes
    each) and `band_slots` (16 bytes each) point into them: 33 MiB with the defaults, allocated
    up front. The maps that grow with duplicates hold at most `exemplars_per_cluster`
    signatures per cluster and one entry per distinct clustered text.
    """

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        min_size: int = DEFAULT_MIN_SIZE,
        recent_texts: int = 1 << 16,
        exact_slots: int = 1 << 18,
        band_slots: int = 1 << 20,
        exemplars_per_cluster: int = 8,
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}.")
        if min_size < 2:
            raise ValueError(f"min_size must be at least 2, not {min_size}.")
        self.threshold = threshold
        self.min_size = min_size
        self._min_equal_bins = threshold * BINS
        self._exemplars_per_cluster = exemplars_per_cluster
        self._comments = 0

        # Recent unclustered texts: a ring indexed by sequence number.
        self._ring_size = _power_of_two("recent_texts", recent_texts)
        self._next_seq = 1  # 0 marks an empty slot
        self._ring_sigs = array("H", [0]) * (BINS * recent_texts)
        self._ring_at = array("q", [0]) * recent_texts
        self._ring_exact = array("Q", [0]) * recent_texts
        self._ring_cluster = array("q", [-1]) * recent_texts
        # Direct-mapped slots, overwritten on collision.
        self._exact_mask = _power_of_two("exact_slots", exact_slots) - 1
        self._exact_keys = array("Q", [0]) * exact_slots
        self._exact_seq = array("q", [0]) * exact_slots
        self._exact_at = array("q", [0]) * exact_slots
        self._band_mask = _power_of_two("band_slots", band_slots) - 1
        self._band_keys = array("Q", [0]) * band_slots
        self._band_seq = array("q", [0]) * band_slots

        # Clusters: union-find over cluster numbers; the other lists are valid at roots.
        self._parent: list[int] = []
        self._size: list[int] = []
        self._first_at: list[int] = []
        self._last_at: list[int] = []
        self._rep: list[tuple[int, str, str]] = []  # (created_at, id, text)
        self._exact: list[int] = []  # the shared exact key, or 0 when members differ
        self._exemplar_count: list[int] = []
        self._cluster_of_exact: dict[int, int] = {}
        self._exemplars: list[tuple[array, int]] = []  # (signature, cluster)
        self._exemplar_of_band: dict[int, int] = {}

    def add(self, submission_id: str, text: str, created_at: datetime) -> None:
        self._comments += 1
        at = _micros(created_at)
        words = normalised_words(text)
        exact = exact_key(words)
        cluster = self._cluster_of_exact.get(exact)
        if cluster is not None:  # fast path: an exact copy of a clustered text
            root = self._find(cluster)
            self._size[root] += 1
            if at > self._last_at[root]:
                self._last_at[root] = at
            elif at < self._first_at[root]:
                self._first_at[root] = at
            return

        small = signature(shingle_hashes(words))
        keys = band_keys(small) if small is not None else []
        roots, entries, exact_ghost_at = self._matches(exact, keys, small)
        if not roots and not entries and exact_ghost_at is None:
            self._remember(exact, keys, small, at)
            return

        cluster = self._new_cluster(at, submission_id, text, exact)
        self._cluster_of_exact[exact] = cluster
        if small is not None:
            self._add_exemplar(cluster, small, keys)
        if exact_ghost_at is not None:  # an exact copy whose text left the ring
            self._size[cluster] += 1
            self._first_at[cluster] = min(self._first_at[cluster], exact_ghost_at)
        for seq in entries:
            other = self._adopt(cluster, seq)
            if other is not None:
                roots.append(other)
        for root in roots:
            cluster = self._union(cluster, root)

    def result(self) -> CampaignReport:
        clustered = 0
        campaigns = []
        for cluster, parent in enumerate(self._parent):
            if parent != cluster:
                continue
            clustered += self._size[cluster]
            if self._size[cluster] < self.min_size:
                continue
            _, rep_id, rep_text = self._rep[cluster]
            campaigns.append(
                (
                    -self._size[cluster],
                    self._first_at[cluster],
                    rep_id,
                    Campaign(
                        size=self._size[cluster],
                        first_at=_iso(self._first_at[cluster]),
                        last_at=_iso(self._last_at[cluster]),
                        representative_id=rep_id,
                        representative_text=rep_text,
                        exact=self._exact[cluster] != 0,
                    ),
                )
            )
        campaigns.sort(key=lambda item: item[:3])
        return CampaignReport(
            method=describe_method(self.threshold),
            threshold=self.threshold,
            min_size=self.min_size,
            comments=self._comments,
            unique_comments=self._comments - clustered,
            clusters=tuple(item[3] for item in campaigns),
        )

    def state_size(self) -> int:
        """Entries in the maps that grow with duplicates (the fixed tables are not counted)."""
        return len(self._parent) + len(self._cluster_of_exact) + len(self._exemplar_of_band)

    # --- matching -----------------------------------------------------------------------------

    def _matches(
        self, exact: int, keys: list[int], small: array | None
    ) -> tuple[list[int], list[int], int | None]:
        """Clusters (roots) and remembered texts (ring sequence numbers) this text duplicates,
        and the time of an exact copy only its slot still remembers."""
        roots: list[int] = []
        entries: list[int] = []
        ghost_at = None
        slot = exact & self._exact_mask
        if self._exact_keys[slot] == exact:
            seq = self._exact_seq[slot]
            index = seq & (self._ring_size - 1)
            if self._live(seq) and self._ring_exact[index] == exact:
                if self._ring_cluster[index] < 0:
                    entries.append(seq)
                else:
                    roots.append(self._find(self._ring_cluster[index]))
            else:
                ghost_at = self._exact_at[slot]
                self._exact_keys[slot] = 0  # the ghost is counted once
        if small is None:
            return roots, entries, ghost_at
        tried_exemplars: set[int] = set()
        for key in keys:
            exemplar = self._exemplar_of_band.get(key)
            if exemplar is not None and exemplar not in tried_exemplars:
                tried_exemplars.add(exemplar)
                other, cluster = self._exemplars[exemplar]
                if self._similar(small, other):
                    root = self._find(cluster)
                    if root not in roots:
                        roots.append(root)
            slot = key & self._band_mask
            if self._band_keys[slot] != key:
                continue
            seq = self._band_seq[slot]
            if seq in entries or not self._live(seq):
                continue
            index = seq & (self._ring_size - 1)
            start = index * BINS
            if not self._similar(small, self._ring_sigs[start : start + BINS]):
                continue
            cluster = self._ring_cluster[index]
            if cluster < 0:
                entries.append(seq)
            else:
                root = self._find(cluster)
                if root not in roots:
                    roots.append(root)
        return roots, entries, ghost_at

    def _similar(self, a: array, b: array) -> bool:
        return sum(map(eq, a, b)) >= self._min_equal_bins

    def _live(self, seq: int) -> bool:
        return seq > 0 and self._next_seq - seq <= self._ring_size

    def _remember(self, exact: int, keys: list[int], small: array | None, at: int) -> None:
        seq = self._next_seq
        self._next_seq += 1
        index = seq & (self._ring_size - 1)
        if small is not None:
            self._ring_sigs[index * BINS : (index + 1) * BINS] = small
        self._ring_at[index] = at
        self._ring_exact[index] = exact
        self._ring_cluster[index] = -1
        slot = exact & self._exact_mask
        self._exact_keys[slot] = exact
        self._exact_seq[slot] = seq
        self._exact_at[slot] = at
        band_keys_, band_seq, mask = self._band_keys, self._band_seq, self._band_mask
        for key in keys:
            band_keys_[key & mask] = key
            band_seq[key & mask] = seq

    # --- clusters -----------------------------------------------------------------------------

    def _new_cluster(self, at: int, submission_id: str, text: str, exact: int) -> int:
        cluster = len(self._parent)
        self._parent.append(cluster)
        self._size.append(1)
        self._first_at.append(at)
        self._last_at.append(at)
        self._rep.append((at, submission_id, text))
        self._exact.append(exact)
        self._exemplar_count.append(0)
        return cluster

    def _adopt(self, cluster: int, seq: int) -> int | None:
        """Move a remembered text into a cluster (a root); give back another cluster that holds
        an exact copy of it, if any, to merge with."""
        index = seq & (self._ring_size - 1)
        self._ring_cluster[index] = cluster
        at = self._ring_at[index]
        exact = self._ring_exact[index]
        self._size[cluster] += 1
        self._first_at[cluster] = min(self._first_at[cluster], at)
        self._last_at[cluster] = max(self._last_at[cluster], at)
        if exact != self._exact[cluster]:
            self._exact[cluster] = 0
        holder = self._cluster_of_exact.setdefault(exact, cluster)
        if holder != cluster:
            return holder
        small = self._ring_sigs[index * BINS : (index + 1) * BINS]
        self._add_exemplar(cluster, small, band_keys(small))
        return None

    def _add_exemplar(self, cluster: int, small: array, keys: list[int]) -> None:
        if self._exemplar_count[cluster] >= self._exemplars_per_cluster:
            return
        self._exemplar_count[cluster] += 1
        exemplar = len(self._exemplars)
        self._exemplars.append((small, cluster))
        for key in keys:
            self._exemplar_of_band.setdefault(key, exemplar)

    def _find(self, cluster: int) -> int:
        parent = self._parent
        root = cluster
        while parent[root] != root:
            root = parent[root]
        while parent[cluster] != root:  # path compression
            parent[cluster], cluster = root, parent[cluster]
        return root

    def _union(self, a: int, b: int) -> int:
        a, b = self._find(a), self._find(b)
        if a == b:
            return a
        if self._size[a] < self._size[b]:
            a, b = b, a
        self._parent[b] = a
        self._size[a] += self._size[b]
        self._first_at[a] = min(self._first_at[a], self._first_at[b])
        self._last_at[a] = max(self._last_at[a], self._last_at[b])
        self._rep[a] = min(self._rep[a], self._rep[b])
        if self._exact[a] != self._exact[b]:
            self._exact[a] = 0
        self._exemplar_count[a] += self._exemplar_count[b]
        return a
