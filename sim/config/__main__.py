"""``python -m sim.config``: print docs/configuration.md."""

from sim.config.reference import reference_document

print(reference_document(), end="")
