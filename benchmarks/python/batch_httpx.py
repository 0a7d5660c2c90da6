#!/usr/bin/python3
"""The "after" design: one shared httpx.AsyncClient, an asyncio.Semaphore bounding the work.

Every mutation becomes a task at once; a Semaphore(--concurrency) lets that many send
their request at a time through one AsyncClient whose pool allows as many connections
(and keeps as many alive, so that none is closed and reopened between requests). A
task sends the request, checks the status, decodes the JSON and counts the studies on
the event loop's thread; any exception fails that mutation and is counted, not retried.

Usage (Python 3 with Debian's python3-httpx):
    /usr/bin/python3 batch_httpx.py --ctgov-url URL --mutations FILE --concurrency N [--page-size 10]
"""

import asyncio

import batchcommon

try:
    import httpx
except ImportError:
    batchcommon.exit_missing_module("batch_httpx.py", "httpx")


async def fetch_first_page(client, semaphore, url, params, peak):
    """Fetches one search page once a permit is free; returns its number of studies."""
    async with semaphore:
        try:
            response = await client.get(url, params=params)
            response.raise_for_status()
            return batchcommon.count_studies(response.json())
        finally:
            peak.sample()


async def query_all(args, mutations, peak):
    """Runs every search through one client, --concurrency at a time; returns the outcomes in order."""
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    timeout = httpx.Timeout(batchcommon.REQUEST_TIMEOUT_S)
    semaphore = asyncio.Semaphore(args.concurrency)
    url = batchcommon.search_url(args.ctgov_url)
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
        searches = [
            fetch_first_page(
                client, semaphore, url, batchcommon.search_params(m, args.page_size), peak
            )
            for m in mutations
        ]
        return await asyncio.gather(*searches, return_exceptions=True)


if __name__ == "__main__":
    batchcommon.run("Batch of searches: one httpx.AsyncClient and a semaphore.", query_all)
