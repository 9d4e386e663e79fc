"""The model families the registry can load.

Each family package registers its own loader when imported (``classifiers.baseline``, ``classifiers.e5``), so
the registry names no family; this module is the one list of them, imported by ``classifiers/__init__``. The
packages' ``__init__`` modules import neither torch nor scikit-learn.
"""

from __future__ import annotations

import classifiers.baseline  # noqa: F401  registers "tfidf-lr"
import classifiers.e5  # noqa: F401  registers "e5-multitask"
