"""Shared parts of the two Python batch designs (batch_threads.py and batch_httpx.py).

Both scripts follow the command-line contract of the Java load harness
(``java -jar benchmarks/target/benchmarks.jar batch``):

    --ctgov-url URL --mutations FILE --concurrency N [--page-size 10]

For each mutation (one per non-blank line of FILE) they fetch the first page of
``GET URL/api/v2/studies?query.term="<mutation>"&pageSize=10``, count the studies it
holds, and print exactly one JSON line on standard output:

    {"n":..,"ok":..,"failed":..,"studies":..,"wall_s":..,"cpu_s":..,"rss_mb":..,"threads_peak":..}

This module holds what does not depend on the design: arguments, the mutations file,
the search request, the resource figures and the report. Standard library only.
"""

import argparse
import asyncio
import collections
import json
import os
import resource
import sys
import threading
import time

# Taken at import, before any work: the fallback clock when /proc is unavailable.
_IMPORTED_AT = time.monotonic()

# One timeout per request, as a Python server querying ClinicalTrials.gov would set
# (requests has none by default, httpx 5 s); generous so that no design loses requests
# to it on a loaded 2-CPU machine.
REQUEST_TIMEOUT_S = 30.0

DEBIAN_PACKAGES = "python3-requests python3-httpx"


def exit_missing_module(script, module):
    """Prints one line naming the Debian packages to install, then exits with status 2."""
    print(
        f"{script}: the Python module '{module}' is missing; install Debian's packages "
        f"(apt-get install {DEBIAN_PACKAGES}) and run this script with /usr/bin/python3",
        file=sys.stderr,
    )
    sys.exit(2)


def parse_args(description):
    """Parses the harness contract's arguments."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--ctgov-url", required=True, help="server root; the API lives under URL/api/v2/")
    parser.add_argument("--mutations", required=True, help="file with one mutation per line")
    parser.add_argument("--concurrency", required=True, type=int, help="requests in flight at most")
    parser.add_argument("--page-size", type=int, default=10, help="studies per page (default 10)")
    args = parser.parse_args()
    if args.concurrency < 1 or args.page_size < 1:
        parser.error("--concurrency and --page-size must be at least 1")
    return args


def read_mutations(path):
    """Returns the mutations of the file, one per non-blank line, surrounding spaces removed."""
    with open(path, encoding="utf-8") as lines:
        return [line.strip() for line in lines if line.strip()]


def search_url(root):
    """Returns ClinicalTrials.gov's search endpoint under the server root."""
    return root.rstrip("/") + "/api/v2/studies"


def search_params(mutation, page_size):
    """Returns the query of one search: the mutation as a quoted phrase, one page.

    The HTTP client URL-encodes the values (the quotes become %22).
    """
    phrase = '"' + mutation.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return {"query.term": phrase, "pageSize": str(page_size)}


def count_studies(page):
    """Returns how many studies a decoded search page holds; a page without a list fails."""
    studies = page["studies"]
    if not isinstance(studies, list):
        raise ValueError("'studies' is not a list")
    return len(studies)


class ThreadPeak:
    """The peak of threading.active_count(), sampled by the caller as the work runs.

    Not a sampler thread: the designs call sample() as each request completes, on the
    event loop's thread, so measuring adds no thread of its own.
    """

    def __init__(self):
        self.peak = threading.active_count()

    def sample(self, *_ignored):
        """Records the current count; accepts and ignores a future, to serve as a done-callback."""
        count = threading.active_count()
        if count > self.peak:
            self.peak = count


def seconds_since_process_start():
    """Seconds since this process started, as the kernel records it (10 ms resolution)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat_file:
            stat = stat_file.read()
        with open("/proc/uptime", encoding="ascii") as uptime_file:
            uptime = float(uptime_file.read().split()[0])
    except OSError:
        return time.monotonic() - _IMPORTED_AT
    # Fields after "(comm)": state is field 3, starttime field 22 (in clock ticks since boot).
    start_ticks = int(stat[stat.rindex(")") + 2 :].split()[19])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def peak_rss_mib():
    """The process's peak resident set in MiB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(results, peak):
    """Prints the JSON line for a list of outcomes (a study count, or the exception raised).

    Failures are also summarised on standard error by exception type, so none is hidden.
    """
    counts = [result for result in results if not isinstance(result, BaseException)]
    errors = collections.Counter(type(r).__name__ for r in results if isinstance(r, BaseException))
    if errors:
        examples = ", ".join(f"{name} x{count}" for name, count in errors.most_common())
        print(f"failed requests: {examples}", file=sys.stderr)
    line = {
        "n": len(results),
        "ok": len(counts),
        "failed": len(results) - len(counts),
        "studies": sum(counts),
        "wall_s": round(seconds_since_process_start(), 3),
        "cpu_s": round(time.process_time(), 3),
        "rss_mb": round(peak_rss_mib(), 1),
        "threads_peak": peak.peak,
    }
    print(json.dumps(line, separators=(",", ":")), flush=True)


def run(description, query_all):
    """Runs one design: parses the arguments, queries every mutation, prints the report.

    query_all(args, mutations, peak) is a coroutine function returning one outcome per
    mutation, in order: the number of studies received, or the exception that failed it.
    """
    args = parse_args(description)
    mutations = read_mutations(args.mutations)
    peak = ThreadPeak()
    results = asyncio.run(query_all(args, mutations, peak))
    peak.sample()
    report(results, peak)
