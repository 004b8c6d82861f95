"""One exception tree: pages and the CLI catch GeoError and show its message."""


class GeoError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1


class InputError(GeoError, ValueError):
    """Input that cannot be read as an article: empty, binary, undecodable, too large."""

    exit_code = 3


class SettingsError(GeoError, ValueError):
    """A setting (environment variable or option) has a bad value."""

    exit_code = 2


class GazetteerError(GeoError, RuntimeError):
    """The offline gazetteer is missing or unreadable."""

    exit_code = 4


class StoreError(GeoError, RuntimeError):
    """The event store cannot be opened or written."""

    exit_code = 5


class ModelError(GeoError, RuntimeError):
    """A language model that a language needs is not installed."""

    exit_code = 6
