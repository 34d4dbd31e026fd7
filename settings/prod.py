"""Production: the base settings, with the Spidermon monitors on (README "Spidermon")."""

from settings.base import *  # noqa: F403

SPIDERMON_ENABLED = True
