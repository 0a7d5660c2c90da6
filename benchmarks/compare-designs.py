#!/usr/bin/python3
"""Runs the three batch designs side by side against one loopback server and reports them.

The designs, each a separate process following the same command-line contract
(--ctgov-url URL --mutations FILE --concurrency N --page-size 10, one JSON line out):

  threads  benchmarks/python/batch_threads.py  asyncio + a thread pool running requests
  httpx    benchmarks/python/batch_httpx.py    one httpx.AsyncClient + an asyncio.Semaphore
  java     java -jar benchmarks/target/benchmarks.jar batch   the asyncflow batch helper

The workloads are those of DESIGN.md section 6:

  A  1,000 mutations, server latency 50 ms, concurrency 32 (ideal 1.60 s)
  B  10,000 mutations, server latency 200 ms, concurrency 1,000, with wrk's throughput
     against the same server as the reference

For each workload the script writes the mutations file, starts one LoopbackHttpServer
(java -cp benchmarks.jar dev.asyncflow.benchmarks.LoopbackHttpServer --latency-ms L), warms
it with a short wrk run, then runs R rounds; each round runs every design once (and wrk, for
B), in an order rotated by one per round. Every child is measured from outside as well: wall
time from spawn to exit, and through wait4 its CPU time (user + system) and peak RSS; a
sampler thread reads the Threads line of /proc/<pid>/status every 10 ms for the OS-level
thread peak. The tables report medians of the rounds.

Standard library only. Example (from the repository root, after building the jar):

  benchmarks/compare-designs.py --lock /work/wt/bench.lock \\
      --markdown docs/benchmarks.md --svg docs/batch-designs.svg --json /tmp/batch-designs.json

--lock takes the file's exclusive flock around each round (not the whole run), so do not
also wrap the command in flock on the same file. --replot JSON rewrites the markdown region
and the chart from a saved --json file without measuring anything. --markdown needs the
lines <!-- batch-comparison:begin --> and <!-- batch-comparison:end --> in the file.
"""

import argparse
import datetime
import fcntl
import html
import json
import math
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_CLASS = "dev.asyncflow.benchmarks.LoopbackHttpServer"
BEGIN_MARKER = "<!-- batch-comparison:begin -->"
END_MARKER = "<!-- batch-comparison:end -->"
PAGE_SIZE = 10

DESIGNS = {
    "threads": "Python: asyncio + thread pool + requests",
    "httpx": "Python: httpx.AsyncClient + Semaphore",
    "java": "Java: asyncflow batch",
}


@dataclass(frozen=True)
class Workload:
    """One workload of DESIGN.md section 6."""

    name: str
    mutations: int
    latency_ms: int
    concurrency: int
    wrk_reference: bool

    @property
    def ideal_s(self):
        """The wall time of perfectly packed waves of requests, startup excluded."""
        return math.ceil(self.mutations / self.concurrency) * self.latency_ms / 1000

    def title(self):
        """A one-line description, for headings."""
        return (
            f"Workload {self.name}: {self.mutations:,} mutations, latency {self.latency_ms} ms, "
            f"concurrency {self.concurrency:,}"
        )


WORKLOADS = {
    "A": Workload("A", 1_000, 50, 32, wrk_reference=False),
    "B": Workload("B", 10_000, 200, 1_000, wrk_reference=True),
}

# ---------------------------------------------------------------------------------------------
# Mutations

KNOWN_MUTATIONS = """
EGFR L858R|EGFR T790M|EGFR C797S|EGFR G719S|EGFR L861Q|EGFR S768I|EGFR exon 19 deletion|
EGFR exon 20 insertion|BRAF V600E|BRAF V600K|BRAF G469A|BRAF K601E|KRAS G12C|KRAS G12D|
KRAS G12V|KRAS G13D|KRAS Q61H|NRAS Q61K|NRAS Q61R|HRAS Q61R|PIK3CA E545K|PIK3CA H1047R|
PIK3CA E542K|ALK F1174L|ALK G1202R|ALK fusion|ROS1 G2032R|ROS1 fusion|MET exon 14 skipping|
MET Y1003F|ERBB2 S310F|ERBB2 exon 20 insertion|IDH1 R132H|IDH2 R140Q|IDH2 R172K|FLT3 D835Y|
FLT3 ITD|JAK2 V617F|KIT D816V|KIT V560D|PDGFRA D842V|TP53 R175H|TP53 R248Q|TP53 R273H|
NPM1 W288fs|BRCA1 185delAG|BRCA2 6174delT|ESR1 Y537S|ESR1 D538G|FGFR2 fusion|FGFR3 S249C|
RET M918T|RET fusion|NTRK1 G595R|AKT1 E17K|CTNNB1 S45F|GNAQ Q209L|GNA11 Q209L|SF3B1 K700E|
DNMT3A R882H|MAP2K1 K57N|POLE P286R|PTEN R130Q|EZH2 Y641N|MYD88 L265P|BTK C481S|ABL1 T315I
"""
GENES = sorted({m.split()[0] for m in KNOWN_MUTATIONS.replace("\n", "").split("|")})
AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"


def generate_mutations(count):
    """Returns count distinct gene + variant strings, the same ones on every call.

    Real, frequently queried variants first, then protein substitutions written the same
    way ("EGFR A289V") at positions drawn from a fixed seed until there are enough.
    """
    known = [m.strip() for m in KNOWN_MUTATIONS.replace("\n", "").split("|")]
    mutations = known[:count]
    seen = {m.upper() for m in mutations}
    rng = random.Random(9)
    while len(mutations) < count:
        ref, alt = rng.sample(AMINO_ACIDS, 2)
        candidate = f"{rng.choice(GENES)} {ref}{rng.randint(2, 1500)}{alt}"
        if candidate.upper() not in seen:
            seen.add(candidate.upper())
            mutations.append(candidate)
    return mutations


def write_mutations(directory, workload):
    """Writes the workload's mutations file, one per line, and returns its path."""
    path = os.path.join(directory, f"mutations-{workload.name}-{workload.mutations}.txt")
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(generate_mutations(workload.mutations)) + "\n")
    return path


# ---------------------------------------------------------------------------------------------
# Processes


class LoopbackServer:
    """The loopback server in a process of its own; stopped by closing its standard input."""

    def __init__(self, java, jar, latency_ms):
        self.argv = [java, "-cp", jar, SERVER_CLASS, "--latency-ms", str(latency_ms)]
        self.process = None
        self.url = None

    def __enter__(self):
        self.process = subprocess.Popen(
            self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        port_line = self.process.stdout.readline().strip()
        if not port_line.isdigit():
            self.process.kill()
            raise RuntimeError(f"the loopback server printed {port_line!r} instead of its port")
        self.url = f"http://127.0.0.1:{port_line}"
        return self

    def __exit__(self, *_exception):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ThreadSampler:
    """Samples the Threads line of /proc/<pid>/status every 10 ms and keeps the peak."""

    def __init__(self, pid):
        self.path = f"/proc/{pid}/status"
        self.peak = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, self._read())
            self.done.wait(0.01)

    def _read(self):
        try:
            with open(self.path, encoding="ascii") as status:
                for line in status:
                    if line.startswith("Threads:"):
                        return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exception):
        self.done.set()
        self.thread.join()


def measure(argv, label):
    """Runs one child to completion and measures it from outside.

    Returns wall (spawn to exit), CPU (user + system) and peak RSS from wait4, the
    OS-level thread peak, the exit status, the last line of standard output parsed as
    JSON when it is JSON, and the tail of standard error.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        with ThreadSampler(process.pid) as sampler:
            _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    record = {
        "label": label,
        "argv": argv,
        "exit": process.returncode,
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "rss_mb": round(usage.ru_maxrss / 1024, 1),
        "os_threads_peak": sampler.peak,
        "report": last_json_line(stdout),
        "stdout_tail": stdout[-2000:],
        "stderr_tail": stderr[-2000:],
    }
    return record


def log(record):
    """Prints a short progress line about a finished child on standard error."""
    print(f"  {record['label']}: {summary_line(record)}", file=sys.stderr, flush=True)


def last_json_line(text):
    """The last non-blank line of text as a JSON object, or None."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    try:
        value = json.loads(lines[-1])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def summary_line(record):
    """A short progress line for standard error."""
    if "requests_per_s" in record:
        rate = record["requests_per_s"] or 0
        return f"{rate:.0f} req/s, CPU {record['cpu_s']:.2f} s, exit {record['exit']}"
    report = record["report"]
    if report:
        outcome = f"ok {report['ok']} failed {report['failed']}"
    else:
        outcome = f"no report, exit {record['exit']}"
    return (
        f"wall {record['wall_s']:.2f} s, CPU {record['cpu_s']:.2f} s, RSS {record['rss_mb']:.0f} MiB, "
        f"OS threads {record['os_threads_peak']}, {outcome}"
    )


# ---------------------------------------------------------------------------------------------
# The designs and wrk


def design_argv(design, options, url, mutations_file, concurrency):
    """The command line of one design for one workload."""
    contract = [
        "--ctgov-url", url,
        "--mutations", mutations_file,
        "--concurrency", str(concurrency),
        "--page-size", str(PAGE_SIZE),
    ]
    if design == "java":
        return [options.java, "-jar", options.jar, "batch", *contract]
    script = os.path.join(REPO, "benchmarks", "python", f"batch_{design}.py")
    return [options.python, script, *contract]


def wrk_url(url):
    """The one search wrk repeats: a quoted mutation, one page."""
    return f"{url}/api/v2/studies?query.term=%22EGFR%20L858R%22&pageSize={PAGE_SIZE}"


def run_wrk(options, url, concurrency, seconds, label="wrk"):
    """Runs wrk against the server; returns the measured record with its requests per second."""
    argv = [
        options.wrk, f"-t{options.wrk_threads}", f"-c{concurrency}", f"-d{seconds}s",
        "--timeout", "10s", wrk_url(url),
    ]
    record = measure(argv, label)
    record.update(parse_wrk(record["stdout_tail"]))
    log(record)
    return record


def parse_wrk(text):
    """Reads requests per second and errors from wrk's report."""
    result = {"requests_per_s": None, "non_2xx": 0, "socket_errors": ""}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            result["requests_per_s"] = float(line.split()[1])
        elif line.startswith("Non-2xx or 3xx responses:"):
            result["non_2xx"] = int(line.split(":")[1])
        elif line.startswith("Socket errors:"):
            result["socket_errors"] = line.split(":", 1)[1].strip()
    return result


class ExclusiveLock:
    """flock(LOCK_EX) on a file for the duration of a with-block; nothing when path is None."""

    def __init__(self, path):
        self.path = path
        self.file = None

    def __enter__(self):
        if self.path:
            self.file = open(self.path, "a")
            fcntl.flock(self.file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *_exception):
        if self.file:
            self.file.close()


# ---------------------------------------------------------------------------------------------
# Running


def rotated(items, by):
    """items rotated left by `by` places, so that each takes every position across rounds."""
    shift = by % len(items)
    return items[shift:] + items[:shift]


def run_workload(workload, options, directory):
    """Runs every round of one workload against one fresh server; returns the raw records."""
    mutations_file = write_mutations(directory, workload)
    entrants = list(options.designs)
    if workload.wrk_reference and options.wrk:
        entrants.append("wrk")
    rounds = []
    with LoopbackServer(options.java, options.jar, workload.latency_ms) as server:
        print(f"{workload.title()}; server {server.url}", file=sys.stderr, flush=True)
        for index in range(options.rounds):
            with ExclusiveLock(options.lock):
                if index == 0:
                    warm_up(options, server.url, workload)
                rounds.append(run_round(index, entrants, options, server.url, workload, mutations_file))
    return {"workload": workload.__dict__, "server_argv": server.argv, "rounds": rounds}


def warm_up(options, url, workload):
    """A short wrk run, so that no design meets a server whose JIT is still cold."""
    if options.wrk and options.warmup_seconds > 0:
        run_wrk(options, url, workload.concurrency, options.warmup_seconds, label="warm-up (wrk)")


def run_round(index, entrants, options, url, workload, mutations_file):
    """Runs each design (and wrk) once, in this round's order."""
    print(f" round {index + 1}/{options.rounds}", file=sys.stderr, flush=True)
    records = {}
    for entrant in rotated(entrants, index):
        if entrant == "wrk":
            records[entrant] = run_wrk(options, url, workload.concurrency, options.wrk_seconds)
        else:
            argv = design_argv(entrant, options, url, mutations_file, workload.concurrency)
            records[entrant] = measure(argv, entrant)
            log(records[entrant])
    return {"order": rotated(entrants, index), "records": records}


def completed(record, workload):
    """Whether a design's run exited 0 and reported one outcome per mutation."""
    report = record["report"]
    return record["exit"] == 0 and report is not None and report.get("n") == workload.mutations


def median_of(records, read):
    """The median and range of read(record) over records, or None when there are none."""
    values = [read(record) for record in records]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarise(raw, options):
    """Medians per design (over the rounds it completed) and of wrk, for one workload."""
    workload = Workload(**raw["workload"])
    summary = {"workload": workload.name, "designs": {}, "wrk": None}
    for design in options.designs:
        runs = [r["records"][design] for r in raw["rounds"]]
        good = [r for r in runs if completed(r, workload)]
        summary["designs"][design] = {
            "rounds": len(runs),
            "completed": len(good),
            "problem": None if good else describe_failure(runs),
            "wall_s": median_of(good, lambda r: r["wall_s"]),
            "cpu_s": median_of(good, lambda r: r["cpu_s"]),
            "rss_mb": median_of(good, lambda r: r["rss_mb"]),
            "os_threads_peak": median_of(good, lambda r: r["os_threads_peak"]),
            "throughput": median_of(good, lambda r: r["report"]["ok"] / r["wall_s"]),
            "reported": {
                key: median_of(good, lambda r, key=key: r["report"][key])
                for key in ("ok", "failed", "studies", "wall_s", "cpu_s", "rss_mb", "threads_peak")
            },
        }
    wrk_runs = [r["records"]["wrk"] for r in raw["rounds"] if "wrk" in r["records"]]
    wrk_good = [r for r in wrk_runs if r["requests_per_s"]]
    if wrk_good:
        summary["wrk"] = {
            "requests_per_s": median_of(wrk_good, lambda r: r["requests_per_s"]),
            "cpu_s": median_of(wrk_good, lambda r: r["cpu_s"]),
            "non_2xx": sum(r["non_2xx"] for r in wrk_good),
            "socket_errors": sorted({r["socket_errors"] for r in wrk_good if r["socket_errors"]}),
            "seconds": options.wrk_seconds,
            "runs": len(wrk_good),
            "argv": wrk_good[0]["argv"],
        }
    return summary


def describe_failure(runs):
    """Why no run of a design completed, from its first run."""
    first = runs[0]
    tail = [line for line in first["stderr_tail"].splitlines() if line.strip()]
    last = tail[-1].strip() if tail else "no output on standard error"
    return f"exit {first['exit']}: {last[:160]}"


# ---------------------------------------------------------------------------------------------
# Machine and versions


def command_output(argv):
    """Standard output and error of a short command, or None when it cannot run."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (done.stdout + done.stderr).strip()


PYTHON_VERSIONS = (
    "import json, platform\n"
    "versions = {'python': platform.python_version()}\n"
    "for name in ('requests', 'urllib3', 'httpx', 'httpcore'):\n"
    "    try:\n"
    "        versions[name] = __import__(name).__version__\n"
    "    except ImportError:\n"
    "        versions[name] = 'missing'\n"
    "print(json.dumps(versions))\n"
)


def environment(options):
    """Date, machine, commit and tool versions, as recorded next to the figures."""
    cpu_model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        mem_kib = int(meminfo.readline().split()[1])
    java_lines = (command_output([options.java, "-version"]) or "unknown").splitlines()
    wrk_version = command_output([options.wrk, "-v"]) if options.wrk else None
    python = command_output([options.python, "-c", PYTHON_VERSIONS])
    commit = command_output(["git", "-C", REPO, "describe", "--always", "--dirty"])
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": shlex.join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:]),
        "rounds": options.rounds,
        "java_path": options.java,
        "python_path": options.python,
        "commit": commit,
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": cpu_model,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "java": " / ".join(line.strip() for line in java_lines if not line.startswith("OpenJDK Runtime")),
        "python": json.loads(python) if python and python.startswith("{") else python,
        "wrk": wrk_version.split(" Copyright")[0] if wrk_version else "absent (skipped)",
    }


# ---------------------------------------------------------------------------------------------
# Markdown


def fmt(value, digits=2):
    """A number with fixed decimals and thousands separators."""
    return f"{value:,.{digits}f}"


def fmt_range(stats, digits=2):
    """median (min–max), or just the median for a single round."""
    if stats["min"] == stats["max"]:
        return fmt(stats["median"], digits)
    return f"{fmt(stats['median'], digits)} ({fmt(stats['min'], digits)}–{fmt(stats['max'], digits)})"


def table(workload, summary):
    """The markdown table of one workload."""
    if workload.wrk_reference:
        speed = "| throughput, ok/s | % of wrk "
    else:
        speed = f"| × ideal {fmt(workload.ideal_s)} s "
    header = (
        f"| design | wall s, median (range) {speed}| client CPU s | peak RSS MiB "
        "| threads: runtime / OS | ok / failed / studies | reported wall / CPU s / RSS MiB |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for design, figures in summary["designs"].items():
        lines.append(table_row(workload, summary, design, figures))
    return "\n".join(lines)


def table_row(workload, summary, design, figures):
    """One design's row; a design that never completed says why."""
    columns = 8 if workload.wrk_reference else 7
    if figures["completed"] == 0:
        empty = "| " * (columns - 1)
        return f"| {DESIGNS[design]} | did not complete: {figures['problem']} {empty}|"
    reported = figures["reported"]
    if workload.wrk_reference:
        throughput = figures["throughput"]["median"]
        wrk = summary["wrk"]
        share = fmt(100 * throughput / wrk["requests_per_s"]["median"], 0) + " %" if wrk else "n/a"
        speed = f"| {fmt(throughput, 0)} | {share} "
    else:
        speed = f"| {fmt(figures['wall_s']['median'] / workload.ideal_s)} "
    partial = ""
    if figures["completed"] < figures["rounds"]:
        partial = f" ({figures['completed']} of {figures['rounds']} rounds)"
    return (
        f"| {DESIGNS[design]}{partial} | {fmt_range(figures['wall_s'])} {speed}"
        f"| {fmt(figures['cpu_s']['median'])} | {fmt(figures['rss_mb']['median'], 0)} "
        f"| {fmt(reported['threads_peak']['median'], 0)} / {fmt(figures['os_threads_peak']['median'], 0)} "
        f"| {fmt(reported['ok']['median'], 0)} / {fmt(reported['failed']['median'], 0)} / "
        f"{fmt(reported['studies']['median'], 0)} "
        f"| {fmt(reported['wall_s']['median'])} / {fmt(reported['cpu_s']['median'])} / "
        f"{fmt(reported['rss_mb']['median'], 0)} |"
    )


def display_argv(argv):
    """A command line as written from the repository root: paths inside it made relative."""
    shown = []
    for arg in argv:
        if os.path.isabs(arg) and arg.startswith(REPO + os.sep):
            arg = os.path.relpath(arg, REPO)
        shown.append(arg)
    return shown


def plural(count, noun):
    """'1 round', '3 rounds'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def wrk_note(summary):
    """The line naming wrk's reference figure for a workload."""
    wrk = summary["wrk"]
    if wrk is None:
        return "wrk: not run (absent or failed), so no reference throughput."
    errors = f", socket errors {'; '.join(wrk['socket_errors'])}" if wrk["socket_errors"] else ""
    return (
        f"wrk reference: {fmt(wrk['requests_per_s']['median'], 0)} requests/s "
        f"(median of {plural(wrk['runs'], 'run')}, "
        f"range {fmt(wrk['requests_per_s']['min'], 0)}–{fmt(wrk['requests_per_s']['max'], 0)}), "
        f"`{shlex.join(['wrk'] + wrk['argv'][1:-1])} URL` with URL "
        f"`/api/v2/studies?query.term=%22EGFR%20L858R%22&pageSize={PAGE_SIZE}` on the same server; "
        f"non-2xx {wrk['non_2xx']}{errors}; wrk's own CPU {fmt(wrk['cpu_s']['median'])} s per run."
    )


def markdown(results, env, svg_link):
    """The whole generated region: method, environment, one table per workload, the chart."""
    python = env["python"]
    python_text = (
        f"Python {python['python']} (`{env['python_path']}`), requests {python['requests']} "
        f"(urllib3 {python['urllib3']}), httpx {python['httpx']} (httpcore {python['httpcore']})"
        if isinstance(python, dict) else f"Python: {python}"
    )
    parts = [
        "_Generated by `benchmarks/compare-designs.py`; rerun it rather than editing by hand._",
        "",
        f"- Command (repository root): `{env['command']}`",
        f"- Date: {env['date']}; commit `{env['commit']}`",
        f"- Machine: {env['nproc']} vCPUs ({env['cpu_model']}), {env['ram_gib']} GiB RAM, Linux {env['kernel']}",
        f"- Java: {env['java']} (`{env['java_path']}`)",
        f"- {python_text}",
        f"- wrk: {env['wrk']}",
        "",
        METHOD.format(rounds=plural(env["rounds"], "round")),
    ]
    for raw, summary in results:
        workload = Workload(**raw["workload"])
        parts += ["", f"#### {workload.title()}", "",
                  f"Server: `{shlex.join(display_argv(raw['server_argv']))}`.", "", table(workload, summary)]
        if workload.wrk_reference:
            parts += ["", wrk_note(summary)]
    if svg_link:
        parts += ["", f"![Wall time, client CPU and peak RSS per design and workload]({svg_link})"]
    return "\n".join(parts)


METHOD = (
    "One loopback server per workload (its JIT warmed by a short wrk run first), {rounds}; "
    "each round runs every design once (and wrk, for workload B), in an order rotated by one per "
    "round, under an exclusive lock that every build and measurement of the project takes. Each "
    "design is a "
    "process of its own, started cold. *Wall* is spawn to exit, measured by this script; *client "
    "CPU* (user + system) and *peak RSS* come from `wait4` on the child; *threads* are the "
    "harness's own `threads_peak` (Python: `threading.active_count()`; Java: the JVM's live "
    "threads) and the peak of `Threads:` in `/proc/<pid>/status` sampled every 10 ms. Throughput "
    "is successful searches divided by that whole-process wall time (startup included), while wrk "
    "measures a warm steady state. The last column is what each harness reports about itself "
    "(`wall_s`: Python since its process started, Java since its JVM started; `cpu_s`, "
    "`rss_mb`); the ok / failed column shows failures, which no round here had. The designs do "
    "the same requests but not the same work per response: Python decodes the JSON and counts "
    "the studies; Java reads each study into a typed `Study` record and would retry failures and "
    "open its circuit breaker. Figures are medians of the rounds; "
    "ranges in parentheses. Python's `ThreadPoolExecutor` starts a worker only when none is idle, and "
    "one that has just finished a request counts as idle, so the threads design may start fewer "
    "threads than its concurrency; the threads column shows how many it did."
)


def find_region(path):
    """The file's lines and the indexes of its two marker lines; exits when they are missing."""
    with open(path, encoding="utf-8") as source:
        lines = source.read().split("\n")
    stripped = [line.strip() for line in lines]
    if BEGIN_MARKER not in stripped or END_MARKER not in stripped:
        raise SystemExit(f"{path}: needs the lines {BEGIN_MARKER} and {END_MARKER}")
    begin, end = stripped.index(BEGIN_MARKER), stripped.index(END_MARKER)
    if end < begin:
        raise SystemExit(f"{path}: {END_MARKER} comes before {BEGIN_MARKER}")
    return lines, begin, end


def rewrite_region(path, content):
    """Replaces the lines between the two marker lines of a markdown file with content."""
    lines, begin, end = find_region(path)
    lines[begin + 1 : end] = content.split("\n")
    with open(path, "w", encoding="utf-8") as target:
        target.write("\n".join(lines))


# ---------------------------------------------------------------------------------------------
# SVG chart (hand-written: no plotting library needed)

COLORS = {"wall": "#4e79a7", "cpu": "#f28e2b", "rss": "#59a14f", "threads": "#b07aa1", "ideal": "#c0392b"}
PANEL_W, PLOT_W, PLOT_H, ROW_H, TOP = 330, 270, 180, 270, 60
SHORT_NAMES = {"threads": "Python threads", "httpx": "Python httpx", "java": "Java asyncflow"}


def nice_ticks(maximum):
    """Tick values from 0 to a round number at or above maximum, about five of them."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(int(math.ceil(maximum / step - 1e-9)) + 1)]


def svg_text(x, y, text, size=11, anchor="middle", weight="normal", fill="#222"):
    """One text element."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{html.escape(text)}</text>'
    )


def svg_axis(x0, y0, ticks, unit):
    """Horizontal grid lines with their values, the unit, and the base line."""
    scale = PLOT_H / ticks[-1]
    out = []
    for tick in ticks:
        y = y0 + PLOT_H - tick * scale
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PLOT_W}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(svg_text(x0 - 6, y + 4, f"{tick:,g}", size=10, anchor="end", fill="#555"))
    out.append(svg_text(x0 - 6, y0 - 10, unit, size=10, anchor="end", fill="#555"))
    out.append(f'<line x1="{x0}" y1="{y0 + PLOT_H}" x2="{x0 + PLOT_W}" y2="{y0 + PLOT_H}" stroke="#444"/>')
    return out


def svg_panel(x0, y0, title, groups, series, unit, ideal=None):
    """A bar panel: one group per design, one bar per series, value labels, a y axis.

    groups: [(label, {series: value} or None when the design has no result)];
    series: [(key, color, value format)].
    """
    values = [v for _, vals in groups if vals for v in vals.values()] + ([ideal] if ideal else [])
    ticks = nice_ticks(max(values, default=1))
    scale = PLOT_H / ticks[-1]
    out = [svg_text(x0 - 40, y0 - 30, title, size=12, anchor="start", weight="bold")]
    out += svg_axis(x0, y0, ticks, unit)
    group_w = PLOT_W / max(len(groups), 1)
    bar_w = min(30, (group_w - 12) / len(series))
    for g, (label, vals) in enumerate(groups):
        center = x0 + g * group_w + group_w / 2
        out.append(svg_text(center, y0 + PLOT_H + 15, label, size=10))
        if vals is None:
            out.append(svg_text(center, y0 + PLOT_H - 6, "no result", size=9, fill="#888"))
            continue
        for s, (key, color, form) in enumerate(series):
            h = vals[key] * scale
            bx = center - bar_w * len(series) / 2 + s * bar_w
            out.append(
                f'<rect x="{bx:.1f}" y="{y0 + PLOT_H - h:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{h:.1f}" fill="{color}"/>'
            )
            out.append(svg_text(bx + bar_w / 2 - 1, y0 + PLOT_H - h - 4, form.format(vals[key]), size=9))
    if ideal:
        y = y0 + PLOT_H - ideal * scale
        out.append(
            f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PLOT_W}" y2="{y:.1f}" '
            f'stroke="{COLORS["ideal"]}" stroke-dasharray="5,3"/>'
        )
        label = f"ideal {ideal:g} s"
        out.append(svg_text(x0 + PLOT_W + 4, y + 3, label, size=9, anchor="start", fill=COLORS["ideal"]))
    return out


def svg_groups(summary, read):
    """(design name, values or None) per design of a workload's summary."""
    return [
        (SHORT_NAMES[design], read(figures) if figures["completed"] else None)
        for design, figures in summary["designs"].items()
    ]


def svg_row(y0, raw, summary):
    """One workload: time, peak RSS and OS threads per design."""
    workload = Workload(**raw["workload"])
    name = (
        f"{workload.name} ({workload.mutations:,} mutations, {workload.latency_ms} ms, "
        f"c={workload.concurrency:,})"
    )
    times = svg_groups(summary, lambda f: {"wall": f["wall_s"]["median"], "cpu": f["cpu_s"]["median"]})
    rss = svg_groups(summary, lambda f: {"rss": f["rss_mb"]["median"]})
    threads = svg_groups(summary, lambda f: {"threads": f["os_threads_peak"]["median"]})
    left = 60
    out = svg_panel(left, y0, f"{name}: time", times,
                    [("wall", COLORS["wall"], "{:.2f}"), ("cpu", COLORS["cpu"], "{:.2f}")], "s",
                    ideal=workload.ideal_s)
    out += svg_panel(left + PANEL_W + 40, y0, f"{workload.name}: peak RSS", rss,
                     [("rss", COLORS["rss"], "{:.0f}")], "MiB")
    out += svg_panel(left + 2 * (PANEL_W + 40) - 40, y0, f"{workload.name}: peak OS threads", threads,
                     [("threads", COLORS["threads"], "{:.0f}")], "threads")
    return out


def svg_legend(x, y):
    """Legend boxes for the series."""
    out = []
    for key, legend in (("wall", "wall time"), ("cpu", "client CPU (user + system)"), ("rss", "peak RSS"),
                        ("threads", "peak OS threads"), ("ideal", "ideal wall time (waves × latency)")):
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLORS[key]}"/>')
        out.append(svg_text(x + 14, y, legend, size=10, anchor="start"))
        x += 30 + 5.6 * len(legend)
    return out


def svg_chart(results, env):
    """The chart: per workload, wall and CPU time, peak RSS and OS threads per design."""
    width = 3 * PANEL_W + 110
    height = TOP + ROW_H * len(results)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        svg_text(20, 24, "Batch of searches against a loopback server: whole process measured from outside, "
                 f"median of {plural(env['rounds'], 'round')}", size=13, anchor="start", weight="bold"),
    ]
    out += svg_legend(20, 46)
    for row, (raw, summary) in enumerate(results):
        out += svg_row(TOP + row * ROW_H + 50, raw, summary)
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Main


def parse_args():
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each design per workload (default 3)")
    parser.add_argument("--workloads", default="A,B", help="comma-separated, of A and B (default A,B)")
    parser.add_argument("--designs", default="threads,httpx,java", help="comma-separated, of threads, httpx, java")
    parser.add_argument("--java", default="java", help="java launcher for the Java design and the server")
    parser.add_argument("--python", default="/usr/bin/python3", help="interpreter with requests and httpx")
    parser.add_argument(
        "--jar", default=os.path.join(REPO, "benchmarks", "target", "benchmarks.jar"), help="shaded jar"
    )
    parser.add_argument("--wrk-seconds", type=int, default=10, help="duration of each wrk run (default 10)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk -t (default 2)")
    parser.add_argument("--warmup-seconds", type=int, default=3, help="wrk warm-up of each server (default 3)")
    parser.add_argument("--lock", help="file to flock exclusively around each round")
    parser.add_argument("--markdown", help="markdown file whose marker region is rewritten")
    parser.add_argument("--svg", help="SVG chart to write")
    parser.add_argument("--json", help="file for the raw results")
    parser.add_argument(
        "--replot", metavar="JSON", help="run nothing: write the markdown and SVG from a --json file"
    )
    options = parser.parse_args()
    if options.markdown:
        find_region(options.markdown)  # before measuring for minutes, not after
    if options.replot:
        return options
    options.workloads = [w.strip().upper() for w in options.workloads.split(",") if w.strip()]
    options.designs = [d.strip() for d in options.designs.split(",") if d.strip()]
    for name, allowed in (("workloads", WORKLOADS), ("designs", DESIGNS)):
        unknown = [v for v in getattr(options, name) if v not in allowed]
        if unknown or not getattr(options, name):
            parser.error(f"--{name}: unknown or empty {unknown}; choose from {', '.join(allowed)}")
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    options.wrk = shutil.which("wrk")
    if not options.wrk:
        print("wrk not found (Debian package wrk): no warm-up and no reference throughput", file=sys.stderr)
    if not os.path.exists(options.jar):
        parser.error(f"{options.jar} is missing: mvn -B -o -pl benchmarks -am package -DskipTests")
    return options


def measure_all(options):
    """Runs every workload; returns the environment and (raw, summary) per workload."""
    env = environment(options)
    results = []
    with tempfile.TemporaryDirectory(prefix="compare-designs-") as directory:
        for name in options.workloads:
            raw = run_workload(WORKLOADS[name], options, directory)
            results.append((raw, summarise(raw, options)))
    return env, results


def load(path):
    """The environment and results saved by an earlier run with --json."""
    with open(path, encoding="utf-8") as saved:
        data = json.load(saved)
    return data["environment"], [(r["raw"], r["summary"]) for r in data["results"]]


def write_outputs(options, env, results):
    """Writes the chart, the markdown region and the raw results that were asked for."""
    svg_link = None
    if options.svg:
        with open(options.svg, "w", encoding="utf-8") as svg:
            svg.write(svg_chart(results, env))
        base = os.path.dirname(os.path.abspath(options.markdown)) if options.markdown else os.getcwd()
        svg_link = os.path.relpath(os.path.abspath(options.svg), base)
    text = markdown(results, env, svg_link)
    if options.markdown:
        rewrite_region(options.markdown, text)
    if options.json and not options.replot:
        with open(options.json, "w", encoding="utf-8") as out:
            saved = [{"raw": raw, "summary": summary} for raw, summary in results]
            json.dump({"environment": env, "results": saved}, out, indent=1)
    return text


def main():
    """Runs the workloads (or loads an earlier run), then writes the outputs."""
    options = parse_args()
    env, results = load(options.replot) if options.replot else measure_all(options)
    print(write_outputs(options, env, results))


if __name__ == "__main__":
    main()
