package dev.asyncflow.examples.cli;

import dev.asyncflow.trials.BatchProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress bar {@code trials batch} draws on standard error when it is a terminal: one line,
 * redrawn in place at most every {@value #REDRAW_MILLIS} ms and when the batch completes, such as
 * {@code [##########..........] 500/1000 3 failed 41.7/s}.
 *
 * <p>Thread-safe: the batch reports progress on its threads, and an interrupted run clears the bar
 * from a shutdown hook.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_MILLIS = 100;

  private final PrintStream err;
  private final LongSupplier nanoTime;
  private final long started;
  private final int skipped;
  private long drawnAt = Long.MIN_VALUE;
  private int drawnLength;

  /**
   * Creates a bar.
   *
   * @param err where to draw it
   * @param nanoTime the clock, {@code System::nanoTime}
   * @param skipped mutations already answered before this run (resumed), counted as done
   */
  ProgressBar(PrintStream err, LongSupplier nanoTime, int skipped) {
    this.err = err;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    this.skipped = skipped;
  }

  /**
   * Redraws the bar if it is time to, or if the batch is complete.
   *
   * @param progress the batch's progress
   */
  synchronized void update(BatchProgress progress) {
    long now = nanoTime.getAsLong();
    if (!progress.isComplete()
        && drawnAt != Long.MIN_VALUE
        && now - drawnAt < REDRAW_MILLIS * 1_000_000) {
      return;
    }
    drawnAt = now;
    String line = line(progress, now);
    err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
    err.flush();
    drawnLength = line.length();
  }

  /** Erases the bar, leaving the cursor at the start of an empty line. */
  synchronized void clear() {
    if (drawnLength > 0) {
      err.print("\r" + " ".repeat(drawnLength) + "\r");
      err.flush();
      drawnLength = 0;
    }
  }

  private String line(BatchProgress progress, long now) {
    int done = skipped + progress.done();
    int total = skipped + progress.total();
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    double seconds = Math.max(1e-3, (now - started) / 1e9);
    return String.format(
        Locale.ROOT,
        "[%s%s] %d/%d  %d failed  %.1f/s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done,
        total,
        progress.failures(),
        progress.done() / seconds);
  }
}
