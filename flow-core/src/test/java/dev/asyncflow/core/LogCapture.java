package dev.asyncflow.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 *
 * <p>Why reflection: the test classes are compiled into the {@code dev.asyncflow.core} module,
 * which does not read {@code java.logging}, so {@code java.util.logging} cannot be named at compile
 * time. At run time the tests run on the class path, where the package is accessible. The capture
 * hooks in as a {@code java.util.logging.Filter} (an interface, so a {@link Proxy} can implement
 * it) on the logger; a filter sees every record that passes the logger's level, just as a handler
 * would.
 */
final class LogCapture implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
  static final String LOGGER_NAME = "dev.asyncflow.core";
  private static final int WARNING = 900; // java.util.logging.Level.WARNING.intValue()

  private static final Jul JUL = new Jul();

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Object logger = JUL.logger(LOGGER_NAME);
  private final Object filter = JUL.filter(this::record);
  private Object previousFilter;
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
      JUL.setFilter(logger, previousFilter);
    }
  }

  private synchronized void start() {
    if (!capturing) {
      capturing = true;
      warnings.clear();
      previousFilter = JUL.getFilter(logger);
      JUL.setFilter(logger, filter);
    }
  }

  /** Called with each log record; returns false so that the record is not published. */
  private boolean record(Object logRecord) {
    if (JUL.levelOf(logRecord) >= WARNING) {
      warnings.add(JUL.format(logRecord));
    }
    return false;
  }

  /** The few {@code java.util.logging} calls the capture needs, made reflectively. */
  private static final class Jul {
    private final Class<?> filterType;
    private final Method getLogger;
    private final Method getFilter;
    private final Method setFilter;
    private final Method getLevel;
    private final Method intValue;
    private final Method formatMessage;
    private final Object formatter;

    Jul() {
      try {
        Class<?> loggerType = Class.forName("java.util.logging.Logger");
        Class<?> recordType = Class.forName("java.util.logging.LogRecord");
        filterType = Class.forName("java.util.logging.Filter");
        getLogger = loggerType.getMethod("getLogger", String.class);
        getFilter = loggerType.getMethod("getFilter");
        setFilter = loggerType.getMethod("setFilter", filterType);
        getLevel = recordType.getMethod("getLevel");
        intValue = Class.forName("java.util.logging.Level").getMethod("intValue");
        formatMessage =
            Class.forName("java.util.logging.Formatter").getMethod("formatMessage", recordType);
        formatter =
            Class.forName("java.util.logging.SimpleFormatter").getConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("java.util.logging is not available", e);
      }
    }

    Object logger(String name) {
      return invoke(getLogger, null, name);
    }

    Object getFilter(Object logger) {
      return invoke(getFilter, logger);
    }

    void setFilter(Object logger, Object filter) {
      invoke(setFilter, logger, filter);
    }

    int levelOf(Object logRecord) {
      return (Integer) invoke(intValue, invoke(getLevel, logRecord));
    }

    String format(Object logRecord) {
      return (String) invoke(formatMessage, formatter, logRecord);
    }

    /** A {@code java.util.logging.Filter} whose {@code isLoggable(record)} calls {@code body}. */
    Object filter(java.util.function.Predicate<Object> body) {
      return Proxy.newProxyInstance(
          LogCapture.class.getClassLoader(),
          new Class<?>[] {filterType},
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "isLoggable":
                return body.test(args[0]);
              case "equals":
                return proxy == args[0];
              case "hashCode":
                return System.identityHashCode(proxy);
              default:
                return "LogCapture filter";
            }
          });
    }

    private static Object invoke(Method method, Object target, Object... args) {
      try {
        return method.invoke(target, args);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }
}
