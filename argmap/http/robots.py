"""robots.txt as argmap applies it: RFC 9309 status rules, ``urllib.robotparser`` rules.

What the status of ``/robots.txt`` means (RFC 9309, section 2.3.1):

- 2xx: the file is parsed; its rules for our agent (or ``*``) apply, and so
  does its ``Crawl-delay`` / ``Request-rate``.
- 4xx other than 429 (404, 410, 401, 403, ...): there are no rules; everything
  is allowed.
- 429, 5xx, or no answer at all (network error, timeout, too many redirects)
  after the session's retries: the file is *unreachable*, and everything on
  that site is disallowed for the rest of the session, with an error that says
  why. The failure is remembered only in memory, never on disk, so the next
  run asks again: a site that is down is not blocked forever.
- No connection to the host at all (its name does not resolve, it refuses,
  connecting times out): nothing on it can be fetched either, so the error
  is that (UnreachableError, naming the cause), not a robots.txt refusal
  that would send the user looking in the wrong place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from argmap.errors import HttpError, RobotsDisallowedError, UnreachableError

logger = logging.getLogger(__name__)

#: Fetches a robots.txt URL: returns (status, text), raises HttpError when unreachable.
RobotsFetcher = Callable[[str], "tuple[int, str]"]


@dataclass(frozen=True)
class _SiteRules:
    robots_url: str
    parser: RobotFileParser | None = None  # None: no rules, everything allowed
    unreachable: str = ""  # why the file could not be read; disallows everything
    no_connection: str = ""  # why the host could not be reached at all


class RobotsRules:
    """The robots.txt rules of every site one session talks to, fetched once each."""

    def __init__(self, fetch: RobotsFetcher, user_agent: str) -> None:
        self._fetch = fetch
        self._agent = user_agent
        self._sites: dict[str, _SiteRules] = {}

    def check(self, url: str) -> None:
        """Raise RobotsDisallowedError unless the site's robots.txt allows ``url``."""
        site = self._rules(url)
        if site.no_connection:
            raise UnreachableError(
                f"cannot reach {urlsplit(url).hostname}: {site.no_connection}; "
                "check the network connection",
                url=url,
            )
        if site.unreachable:
            raise RobotsDisallowedError(
                f"not fetching {url}: the site's robots.txt could not be read "
                f"({site.unreachable}); argmap treats an unreachable robots.txt as "
                "disallowing everything (RFC 9309). Try again later."
            )
        if site.parser is not None and not site.parser.can_fetch(self._agent, url):
            raise RobotsDisallowedError(
                f"the site's robots.txt ({site.robots_url}) disallows fetching {url}"
            )

    def crawl_delay(self, url: str) -> float | None:
        """Seconds the site asks crawlers to leave between requests, if it says."""
        parser = self._rules(url).parser
        if parser is None:
            return None
        delays = [float(parser.crawl_delay(self._agent) or 0)]
        rate = parser.request_rate(self._agent)
        if rate is not None and rate.requests > 0:
            delays.append(rate.seconds / rate.requests)
        return max(delays) or None

    def _rules(self, url: str) -> _SiteRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin not in self._sites:
            self._sites[origin] = self._load(f"{origin}/robots.txt")
        return self._sites[origin]

    def _load(self, robots_url: str) -> _SiteRules:
        try:
            status, text = self._fetch(robots_url)
        except UnreachableError as e:
            return _SiteRules(robots_url, no_connection=str(e))
        except HttpError as e:
            return _SiteRules(robots_url, unreachable=str(e))
        if 200 <= status < 300:
            parser = RobotFileParser(robots_url)
            parser.parse(text.splitlines())
            return _SiteRules(robots_url, parser=parser)
        if 400 <= status < 500 and status != 429:
            logger.debug(
                "%s answered HTTP %s: no rules, all allowed", robots_url, status
            )
            return _SiteRules(robots_url)
        return _SiteRules(robots_url, unreachable=f"GET {robots_url}: HTTP {status}")
