"""Campaign (form-letter) detection over a stream of comment texts, in bounded memory.

Exact duplicates share a BLAKE2b hash of the normalised text (NFKC, casefold, punctuation and
symbols removed, whitespace collapsed). Near duplicates are found with one-permutation MinHash
(64 bins of 16-bit minima, rotation densification) over word 3-shingles, or character 4-grams
for texts under three words, and LSH banding: 16 bands of 4 rows. Two texts share a band, and
so become candidates, with probability 1 - (1 - J**4)**16 for Jaccard similarity J:

    J        0.3    0.4    0.5    0.6    0.7    0.8     0.9
    P(cand)  0.12   0.34   0.64   0.89   0.99   0.9998  1.0

Candidates are then verified: the share of equal signature bins estimates J (standard deviation
about 0.06 at J = 0.5) and must reach the threshold, 0.5 by default, so LSH collisions do not
merge different letters. Why 0.5: copies of a ~120-word letter that each change the sender's
name, town and one sentence keep J ≈ 0.7 between any two of them, and a template with a
personal paragraph as long as itself sits at 0.5, while letters written independently on the
same topic share few word triples (J < 0.1). A pair at exactly J = 0.5 becomes a candidate 64%
of the time and then passes verification about half the time; a copy only needs to match one
remembered member of its campaign, so campaigns are rarely split, but comments close to the
threshold land on either side (always the same side for the same input).

Memory does not grow with the number of unique comments. A text that matches nothing goes into
fixed-size, overwrite-on-collision tables: a ring of the most recent such texts (signature, time,
exact hash) and direct-mapped slots from its exact hash and band keys into that ring. Only when a
second text matches does state enter the cluster maps (exact hash → cluster, band key →
exemplar signature, at most `exemplars_per_cluster` per cluster), so the maps grow with
duplicates, and an exact copy of any clustered text takes a fast path with no MinHash work.
What is lost: the ring keeps no ids or texts, so a cluster's representative is its earliest
member whose text we held (usually the second); the first member still counts in the size and
first time. An exact copy whose first occurrence left the ring is still counted (its slot
remembers the time, unless another text took the slot); a near copy whose only partner left the
ring (more than `recent_texts` unmatched texts earlier) or lost its slots to collisions is not
caught until a later copy matches it.

Pure Python on purpose: datasketch 2.0.0 needs numpy and scipy, 173 MB unpacked, and Chalice
ships one zip for every function, so every API cold start would carry them.
"""

from __future__ import annotations

import hashlib
import string
import struct
import sys
import unicodedata
import zlib
from array import array
from collections import Counter
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
_BLAKE2B_8 = hashlib.blake2b(digest_size=8)  # copied: cheaper than a new object per text
# Bins compared all at once on signatures read as 1024-bit integers: a ^ b is 0 in the 16 bits of
# each equal bin; adding 0x7FFF to a bin's low 15 bits sets its top bit unless they are all 0 (no
# carry leaves the bin), or-ing the top bit itself in, so the top bits left count unequal bins.
_LOW_15 = int.from_bytes(b"\xff\x7f" * BINS, "little")
_TOP_BIT = int.from_bytes(b"\x00\x80" * BINS, "little")
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
    hasher = _BLAKE2B_8.copy()
    hasher.update(b" ".join(words))
    return int.from_bytes(hasher.digest(), "big") or 1


_EMPTY_TEXT = exact_key([])


def shingle_hashes(words: list[bytes]) -> list[int]:
    """32-bit hashes of word 3-shingles, or of character 4-grams for texts under three words."""
    crc = zlib.crc32
    if len(words) >= WORD_SHINGLE:
        # crc32(c, crc32(b, crc32(a))) is the CRC of a+b+c without building it; that "ab c" and
        # "a bc" hash alike does not matter for similarity. Chained maps keep the loop in C.
        return list(map(crc, words[2:], map(crc, words[1:], map(crc, words))))
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
        first = 0
        while mins[first] == _EMPTY:
            first += 1
        # Walk right to left; bin BINS - 1 lies `first + 1` bins before `first`, round the circle.
        borrowed, distance = mins[first], first
        step = _DISTANCE_STEP
        for i in range(BINS - 1, -1, -1):
            value = mins[i]
            if value == _EMPTY:
                distance += 1
                mins[i] = (borrowed + distance * step) & 0xFFFF
            else:
                borrowed, distance = value, 0
    return array("H", mins)


def band_keys(sig: array) -> list[int]:
    """One 64-bit key per band: its ROWS 16-bit values side by side, salted by the band number."""
    packed = sig.tobytes() if _LITTLE_ENDIAN else _PACK_SIGNATURE.pack(*sig)
    return list(map(xor, _UNPACK_BANDS.unpack(packed), _BAND_SALTS))


def as_integer(sig: array) -> int:
    """The signature as one 1024-bit integer, bin i in bits 16 i to 16 i + 15 (native order)."""
    return int.from_bytes(sig, "little")


def unequal_bins(a: int, b: int) -> int:
    """How many bins differ between two signatures read with `as_integer`."""
    lanes = a ^ b
    return (((lanes & _LOW_15) + _LOW_15 | lanes) & _TOP_BIT).bit_count()


def estimated_jaccard(a: array, b: array) -> float:
    """Share of equal bins. 16-bit values add a 1/65536 chance of a false match per bin."""
    return (BINS - unequal_bins(as_integer(a), as_integer(b))) / BINS


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
        "3-shingles, or character 4-grams under three words "
        f"({BINS} one-permutation bins, LSH with {BANDS} bands of {ROWS} rows), and kept when "
        f"their estimated Jaccard similarity is at least {threshold:g}."
    )


# --- the detector -----------------------------------------------------------------------------


def _power_of_two(name: str, value: int) -> int:
    if value < 1 or value & (value - 1):
        raise ValueError(f"{name} must be a power of two, not {value}.")
    return value


class CampaignDetector:
    """Feed comments in creation order with `add`; `result` gives the campaigns found so far.

    `recent_texts` unclustered texts are remembered (152 bytes each); `exact_slots` (24 bytes
    each) and `band_slots` (16 bytes each) point into them: 31.5 MiB with the defaults, allocated
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
        track_members: bool = False,
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
        # Key and sequence number side by side, at 2 × slot and 2 × slot + 1: one cache miss.
        self._band_table = array("Q", [0]) * (2 * band_slots)

        # Clusters: union-find over cluster numbers; the other lists are valid at roots.
        self._parent: list[int] = []
        self._size: list[int] = []
        self._first_at: list[int] = []
        self._last_at: list[int] = []
        self._rep: list[tuple[int, str, str] | None] = []  # (created_at, id, text) at roots
        self._exact: list[int] = []  # the shared exact key, or 0 when members differ
        self._exemplar_count: list[int] = []
        self._cluster_of_exact: dict[int, int] = {}
        self._exemplars: list[tuple[int, int]] = []  # (signature as an integer, cluster)
        self._exemplar_of_band: dict[int, int] = {}
        # With track_members (the report's coverage of campaign links): each remembered text's
        # id, and the cluster of each clustered comment (one entry per duplicate, not per text).
        self._track = track_members
        self._ring_ids: list[str] = [""] * recent_texts if track_members else []
        self._cluster_of_id: dict[str, int] = {}

    def add(self, submission_id: str, text: str, created_at: datetime) -> None:
        self._comments += 1
        at = _micros(created_at)
        words = normalised_words(text)
        exact = exact_key(words)
        cluster = self._cluster_of_exact.get(exact)
        if cluster is not None:  # fast path: an exact copy of a clustered text
            root = self._find(cluster)
            if self._track:
                self._cluster_of_id[submission_id] = root
            self._size[root] += 1
            if at > self._last_at[root]:
                self._last_at[root] = at
            elif at < self._first_at[root]:
                self._first_at[root] = at
            return

        small = signature(shingle_hashes(words))
        keys = band_keys(small) if small is not None else []
        mask = self._band_mask
        slots = [(key & mask) << 1 for key in keys]
        roots, entries, exact_ghost_at = self._matches(exact, keys, slots, small)
        if not roots and not entries and exact_ghost_at is None:
            self._remember(exact, keys, slots, small, at)
            if self._track:
                self._ring_ids[(self._next_seq - 1) & (self._ring_size - 1)] = submission_id
            return

        if roots:
            cluster = roots[0]
            for root in roots[1:]:
                cluster = self._union(cluster, root)
            self._join(cluster, at, submission_id, text, exact)
        else:
            cluster = self._new_cluster(at, submission_id, text, exact)
        if self._track:
            self._cluster_of_id[submission_id] = cluster
        self._cluster_of_exact[exact] = cluster
        if small is not None:
            self._add_exemplar(cluster, small, keys)
        if exact_ghost_at is not None:  # an exact copy whose text left the ring
            self._size[cluster] += 1
            self._first_at[cluster] = min(self._first_at[cluster], exact_ghost_at)
        for seq in entries:
            other = self._adopt(cluster, seq)
            if other is not None:
                cluster = self._union(cluster, other)

    def result(self) -> CampaignReport:
        clustered = 0
        campaigns = []
        for cluster, parent in enumerate(self._parent):
            if parent != cluster:
                continue
            clustered += self._size[cluster]
            if self._size[cluster] < self.min_size:
                continue
            rep = self._rep[cluster]
            assert rep is not None
            _, rep_id, rep_text = rep
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

    def campaign_of(self, submission_id: str) -> str | None:
        """The campaign key (its representative's id, as `result` reports it) of a comment read
        with track_members, or None outside any reported campaign. An exact copy read after its
        text left the recent ring is counted in its campaign but has no key here."""
        cluster = self._cluster_of_id.get(submission_id)
        if cluster is None:
            return None
        root = self._find(cluster)
        rep = self._rep[root]
        if self._size[root] < self.min_size or rep is None:
            return None
        return rep[1]

    def state_size(self) -> int:
        """Entries in the maps that grow with duplicates (the fixed tables are not counted)."""
        return len(self._parent) + len(self._cluster_of_exact) + len(self._exemplar_of_band)

    # --- matching -----------------------------------------------------------------------------

    def _matches(
        self, exact: int, keys: list[int], slots: list[int], small: array | None
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
        exemplar_hits = list(map(self._exemplar_of_band.get, keys))
        ring_hits = list(map(eq, map(self._band_table.__getitem__, slots), keys))
        if exemplar_hits.count(None) == BANDS and not any(ring_hits):  # most unique texts
            return roots, entries, ghost_at
        whole = as_integer(small)
        # Each exemplar and remembered text is verified at most once, and not at all when its
        # cluster already matched: a near copy shares several bands with its campaign. A failed
        # one does not rule its cluster out, as the text may reach the threshold against another
        # member: it does in about half the cases on generated campaign streams.
        tried: set[int] = set()  # exemplars, and remembered texts as -seq
        for exemplar, ring_hit, slot in zip(exemplar_hits, ring_hits, slots, strict=True):
            if exemplar is not None and exemplar not in tried:
                tried.add(exemplar)
                other, cluster = self._exemplars[exemplar]
                root = self._find(cluster)
                if root not in roots and self._similar(whole, other):
                    roots.append(root)
            if not ring_hit:
                continue
            seq = self._band_table[slot + 1]
            if -seq in tried or not self._live(seq):
                continue
            tried.add(-seq)
            index = seq & (self._ring_size - 1)
            cluster = self._ring_cluster[index]
            root = self._find(cluster) if cluster >= 0 else -1
            if root in roots or seq in entries:
                continue
            start = index * BINS
            if not self._similar(whole, as_integer(self._ring_sigs[start : start + BINS])):
                continue
            if root < 0:
                entries.append(seq)
            else:
                roots.append(root)
        return roots, entries, ghost_at

    def _similar(self, a: int, b: int) -> bool:
        return BINS - unequal_bins(a, b) >= self._min_equal_bins

    def _live(self, seq: int) -> bool:
        return seq > 0 and self._next_seq - seq <= self._ring_size

    def _remember(
        self, exact: int, keys: list[int], slots: list[int], small: array | None, at: int
    ) -> None:
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
        band = self._band_table
        for slot, key in zip(slots, keys, strict=True):
            band[slot] = key
            band[slot + 1] = seq

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

    def _join(self, cluster: int, at: int, submission_id: str, text: str, exact: int) -> None:
        """Add the text being read to a cluster (a root)."""
        self._size[cluster] += 1
        self._first_at[cluster] = min(self._first_at[cluster], at)
        self._last_at[cluster] = max(self._last_at[cluster], at)
        rep = self._rep[cluster]
        if rep is not None and (at, submission_id) < rep[:2]:
            self._rep[cluster] = (at, submission_id, text)
        if exact != self._exact[cluster]:
            self._exact[cluster] = 0

    def _adopt(self, cluster: int, seq: int) -> int | None:
        """Move a remembered text into a cluster (a root); give back another cluster that holds
        an exact copy of it, if any, to merge with."""
        index = seq & (self._ring_size - 1)
        self._ring_cluster[index] = cluster
        if self._track:
            self._cluster_of_id[self._ring_ids[index]] = cluster
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
        if exact == _EMPTY_TEXT:  # it has no signature
            return None
        small = self._ring_sigs[index * BINS : (index + 1) * BINS]
        self._add_exemplar(cluster, small, band_keys(small))
        return None

    def _add_exemplar(self, cluster: int, small: array, keys: list[int]) -> None:
        if self._exemplar_count[cluster] >= self._exemplars_per_cluster:
            return
        self._exemplar_count[cluster] += 1
        exemplar = len(self._exemplars)
        self._exemplars.append((as_integer(small), cluster))
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
        rep_a, rep_b = self._rep[a], self._rep[b]
        assert rep_a is not None and rep_b is not None  # roots keep theirs
        self._rep[a] = min(rep_a, rep_b)
        self._rep[b] = None  # let the text go
        if self._exact[a] != self._exact[b]:
            self._exact[a] = 0
        self._exemplar_count[a] += self._exemplar_count[b]
        return a


# --- groups in a short list (a moderation queue page) ------------------------------------------


def group_copies(
    texts: list[tuple[str, str]], *, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, str]:
    """Which texts of a short list are copies of each other: id → the group's key (the first
    id of its group in list order), for every text with at least one exact or near copy in
    the list; texts without a copy are left out.

    The same test as the detector's (exact hash, or estimated Jaccard of the MinHash signatures
    at least `threshold`), but every pair is compared: the detector's ring keeps no ids and its
    LSH may miss a pair, while for a queue page (at most 100 texts, 4,950 pairs of 1024-bit
    integers) comparing them all is exact and takes a few milliseconds.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}.")
    min_equal = threshold * BINS
    keys: list[int] = []
    wholes: list[int | None] = []
    for _, text in texts:
        words = normalised_words(text)
        keys.append(exact_key(words))
        small = signature(shingle_hashes(words))
        wholes.append(None if small is None else as_integer(small))
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i):
            if root(i) == root(j):
                continue
            a, b = wholes[i], wholes[j]
            near = a is not None and b is not None and BINS - unequal_bins(a, b) >= min_equal
            if keys[i] == keys[j] or near:
                parent[max(root(i), root(j))] = min(root(i), root(j))
    sizes = Counter(root(i) for i in range(len(texts)))
    return {texts[i][0]: texts[root(i)][0] for i in range(len(texts)) if sizes[root(i)] > 1}
