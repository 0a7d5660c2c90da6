package dev.asyncflow.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records the WARNING (and more severe) messages that asyncflow logs through its {@code
 * System.Logger} named {@value #LOGGER_NAME}, which the JDK routes to {@code java.util.logging}.
 * Messages are formatted with their {@code {0}} parameters, as {@code SimpleFormatter} does.
 *
 * <p>Use it as a JUnit extension ({@code @RegisterExtension final LogCapture logs = new
 * LogCapture();}) or with try-with-resources ({@code try (LogCapture logs = LogCapture.open())}).
 * While capturing, the logger's records are swallowed, so expected warnings do not clutter the
 * build output.
 */
final class LogCapture implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
  static final String LOGGER_NAME = "dev.asyncflow.core";

  private static final SimpleFormatter FORMATTER = new SimpleFormatter();

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger(LOGGER_NAME);
  private final Filter filter = this::record;
  private Filter previousFilter;
  private boolean capturing;

  /** Starts capturing now; close it to stop. */
  static LogCapture open() {
    LogCapture capture = new LogCapture();
    capture.start();
    return capture;
  }

  /** The formatted WARNING (and more severe) messages logged so far, oldest first. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public synchronized void close() {
    if (capturing) {
      capturing = false;
      logger.setFilter(previousFilter);
    }
  }

  private synchronized void start() {
    if (!capturing) {
      capturing = true;
      warnings.clear();
      previousFilter = logger.getFilter();
      logger.setFilter(filter);
    }
  }

  /** Sees each record that passes the logger's level; returns false so it is not published. */
  private boolean record(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      warnings.add(FORMATTER.formatMessage(record));
    }
    return false;
  }
}
