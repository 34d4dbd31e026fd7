"""Production: the base settings as they are (listed so deployments name their profile)."""

from settings.base import *  # noqa: F403
