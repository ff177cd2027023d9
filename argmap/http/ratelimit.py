"""The per-host rate limit.

It takes a ``clock`` and a ``sleep``, so tests can run it on a fake clock
instead of sleeping for real.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter:
    """Spaces the requests to each host at least ``interval(host)`` seconds apart.

    The gap is measured from the start of one request to the start of the next.
    Every host gets ``min_interval`` unless ``set_interval`` gave it a longer
    one (a robots.txt ``Crawl-delay``).
    """

    def __init__(
        self,
        min_interval: float = 1.0,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        if min_interval < 0:
            raise ValueError(f"min_interval must be >= 0, not {min_interval}")
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._intervals: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def interval(self, host: str) -> float:
        """The gap, in seconds, kept between two requests to ``host``."""
        return self._intervals.get(host, self.min_interval)

    def set_interval(self, host: str, seconds: float) -> None:
        """Ask for a gap of ``seconds`` for ``host``; never less than ``min_interval``."""
        self._intervals[host] = max(self.min_interval, seconds)

    def wait(self, host: str) -> float:
        """Block until ``host`` may get its next request; return the seconds waited."""
        # Reserve the slot under the lock but sleep outside it, so one slow
        # host does not hold up requests to the others.
        with self._lock:
            now = self._clock()
            start = max(now, self._last.get(host, -math.inf) + self.interval(host))
            self._last[host] = start
        return self._sleep_until(start, now, host)

    def _sleep_until(self, start: float, now: float, host: str) -> float:
        """Sleep from ``now`` until the reserved ``start``; the seconds waited."""
        delay = start - now
        if delay > 0:
            log = logger.info if delay >= 5 else logger.debug
            log("waiting %.1f s before the next request to %s", delay, host)
            self._sleep(delay)
        return max(delay, 0.0)
