#!/usr/bin/python3
"""The "before" design: asyncio hands each search to a thread pool running requests.

The event loop submits every mutation at once to a ThreadPoolExecutor with
--concurrency workers (so at most that many requests are in flight); each worker
thread keeps its own requests.Session, hence its own keep-alive connection, because
a Session is not documented as thread-safe and its default pool keeps only 10
connections per host. A worker sends the request, checks the status, decodes the JSON
and counts the studies; any exception fails that mutation and is counted, not retried.

ThreadPoolExecutor starts a new worker on submit only when none is idle, and a worker
that has finished a request counts as idle even while the queue is full, so under a
long batch the pool can stay below --concurrency threads: that is the design's own
behaviour, and threads_peak reports how many it really started.

Usage (Python 3 with Debian's python3-requests):
    /usr/bin/python3 batch_threads.py --ctgov-url URL --mutations FILE --concurrency N [--page-size 10]
"""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import batchcommon

try:
    import requests
except ImportError:
    batchcommon.exit_missing_module("batch_threads.py", "requests")

_local = threading.local()


def thread_session():
    """Returns the calling thread's requests.Session, created on first use."""
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


def fetch_first_page(url, params):
    """Blocking: fetches one search page on this thread and returns its number of studies."""
    response = thread_session().get(url, params=params, timeout=batchcommon.REQUEST_TIMEOUT_S)
    response.raise_for_status()
    return batchcommon.count_studies(response.json())


async def query_all(args, mutations, peak):
    """Runs every search on a pool of --concurrency threads; returns the outcomes in order."""
    loop = asyncio.get_running_loop()
    url = batchcommon.search_url(args.ctgov_url)
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        futures = []
        for mutation in mutations:
            params = batchcommon.search_params(mutation, args.page_size)
            future = loop.run_in_executor(pool, fetch_first_page, url, params)
            future.add_done_callback(peak.sample)
            futures.append(future)
        return await asyncio.gather(*futures, return_exceptions=True)


if __name__ == "__main__":
    batchcommon.run("Batch of searches: asyncio with a thread pool running requests.", query_all)
