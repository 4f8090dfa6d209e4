"""Where the tests find real Streetmix documents: `shared/data/streetmix/` beside the clone.

Those documents are AGPL-3.0 and their README asks that they be read from there, not copied into
the project, so they stay out of the repository. CI lays `shared/` beside the clone; on a machine
without it the tests that need them skip and say why, but under CI (`CI=true`) a missing folder is
an error, so a CI run never skips them silently. `SAYSO_STREETMIX_DIR` points elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[2]
STREETMIX_DOCUMENTS = Path(
    os.environ.get("SAYSO_STREETMIX_DIR") or _ROOT.parent / "shared" / "data" / "streetmix"
)
MISSING = (
    f"the real Streetmix documents are not at {STREETMIX_DOCUMENTS} (shared/data/streetmix beside "
    "the clone, or set SAYSO_STREETMIX_DIR)"
)

if not STREETMIX_DOCUMENTS.is_dir() and os.environ.get("CI"):
    raise RuntimeError(MISSING)

needs_documents = pytest.mark.skipif(not STREETMIX_DOCUMENTS.is_dir(), reason=MISSING)
