"""Error types shared by the registry and the model loaders.

``ModelFormatError`` subclasses ``RegistryError`` so a caller that handles "no usable model"
(the CLI's one-line error path) also covers a corrupt or outdated artefact.
"""

from __future__ import annotations


class RegistryError(LookupError):
    """Unknown task/version, a missing artefact, or no active model."""


class ModelFormatError(RegistryError):
    """A model directory whose files are missing, inconsistent or from an unknown format."""
