"""One rate limit per host for the whole batch, however many workers fetch.

Each worker process has its own PoliteSession (its own cache handle and
robots.txt rules, as ``argmap map`` has), but the gap between two requests
to a host must hold across all of them. ``ClusterRateLimiter`` keeps the
time of each host's next free slot in a ``distributed.Variable`` and takes
the slot under a ``distributed.Lock`` of the same name, on the scheduler:
the reservation is one short round trip, and the wait happens outside the
lock, so a slow host holds up no other. Slots are wall-clock times
(``time.time``): on one machine they agree; across machines the clocks must
be in step (NTP) to within the gap.
"""

from __future__ import annotations

import math
import time

from argmap.http.ratelimit import RateLimiter

_PREFIX = "argmap-next-request-"


class ClusterRateLimiter(RateLimiter):
    """A RateLimiter whose slots are shared by every worker of the cluster."""

    def wait(self, host: str) -> float:
        from distributed import Lock, Variable

        name = _PREFIX + host
        with Lock(name):
            slot = Variable(name)
            last = _get(slot)
            now = time.time()
            start = max(now, last + self.interval(host))
            slot.set(start)
        return self._sleep_until(start, now, host)


def _get(slot) -> float:
    """The last slot taken, or -inf before the first request to the host."""
    try:
        return float(slot.get(timeout=0))
    except (TimeoutError, OSError):
        return -math.inf
    except Exception as e:  # asyncio's TimeoutError before 3.11
        if type(e).__name__ == "TimeoutError":
            return -math.inf
        raise
