"""The exceptions argmap raises, and the exit code each maps to.

::

    ArgmapError                 1   base; .expected says "not our bug"
     +-- InputError             2   bad input from the user
     |    +-- UnsupportedSourceError   a URL or file no source reads
     |    +-- ThreadFormatError        a thread JSON file that breaks the format
     +-- SourceError            4   the site or the saved page let us down
     |    +-- HttpError               a request failed after retries
     |    |    +-- NotFoundError      404 / 410
     |    |    +-- UnreachableError   no connection: host not found, refused, timed out
     |    +-- RobotsDisallowedError   robots.txt forbids the URL
     |    +-- OfflineMissError        --offline and the cache lacks a page
     |    +-- BlockedError            a bot check, rate-limit or login page came instead
     |    +-- LayoutChangedError      a mandatory field is missing from a page
     +-- PipelineError          8   segmentation or relation stage
     |    +-- ModelNotInstalledError  --spacy-model names a pipeline not installed
     +-- ExportError           16   an output could not be written

Only the CLI turns these into messages and exit codes; the library raises.
"""

from __future__ import annotations

BUG_REPORT_HINT = (
    "This looks like a bug in argmap; please report it with the command you ran."
)


class ArgmapError(Exception):
    """Base of every error argmap raises on purpose."""

    code = 1
    default = "argmap failed"

    def __init__(self, message: str | None = None, *, expected: bool = True):
        super().__init__(message or self.default)
        self.expected = expected

    @property
    def message(self) -> str:
        text = str(self)
        return text if self.expected else f"{text}\n{BUG_REPORT_HINT}"


class InputError(ArgmapError):
    """The user gave something argmap cannot work with."""

    code = 2
    default = "invalid input"


class UnsupportedSourceError(InputError):
    """No source knows this URL or file."""

    default = "unsupported source"


class ThreadFormatError(InputError):
    """A thread JSON file does not follow docs/thread-format.md."""

    default = "not a valid argmap thread file"


class SourceError(ArgmapError):
    """Fetching or reading a thread failed; ``url`` and ``status`` say where,
    when a request was involved."""

    code = 4
    default = "could not read the thread"

    def __init__(
        self,
        message: str | None = None,
        *,
        url: str = "",
        status: int | None = None,
        expected: bool = True,
    ):
        super().__init__(message, expected=expected)
        self.url = url
        self.status = status


class HttpError(SourceError):
    """An HTTP request failed after every retry."""


class NotFoundError(HttpError):
    """The site says the thread does not exist (404/410)."""


class UnreachableError(HttpError):
    """No connection to the host could be made: its name did not resolve, it
    refused, or connecting timed out. Usually the network, not the site."""


class RobotsDisallowedError(SourceError):
    """The site's robots.txt disallows fetching the URL."""


class OfflineMissError(SourceError):
    """Running offline and the cache does not hold a page that is needed."""


class BlockedError(SourceError):
    """The site answered with a bot check, rate-limit or login page, not the thread."""


class LayoutChangedError(SourceError):
    """A mandatory field is missing: the site's layout or API changed."""


class PipelineError(ArgmapError):
    """Segmentation or relation classification failed."""

    code = 8
    default = "the mapping pipeline failed"


class ModelNotInstalledError(PipelineError):
    """A named spaCy pipeline is not installed."""


class ExportError(ArgmapError):
    """An output file could not be written."""

    code = 16
    default = "could not write the output"
