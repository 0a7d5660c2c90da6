package dev.asyncflow.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.http.HttpClientManager;
import dev.asyncflow.http.testing.LeakCheck;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The warning about a common pool that starts a thread per task (JDK 17 on one or two processors)
 * is logged once per JVM, and tells the application what to do.
 */
class CommonPoolWarningTest {
  private static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";

  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  private final Logger logger = Logger.getLogger(ManagerThreads.class.getName());
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    logger.addHandler(capture);
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
  }

  @Test
  void warnOnce_whenTheJvmStartsAThreadPerTask_warnsOnlyTheFirstTime() {
    // Given a JVM in that state and a fresh once-per-JVM flag
    AtomicBoolean warned = new AtomicBoolean();

    // When two managers start
    boolean first = ManagerThreads.warnOnce(() -> true, warned);
    boolean second = ManagerThreads.warnOnce(() -> true, warned);

    // Then one warning was logged
    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(warnings).hasSize(1);
  }

  @Test
  void warnOnce_whenTheJvmUsesAPool_staysSilent() {
    AtomicBoolean warned = new AtomicBoolean();

    assertThat(ManagerThreads.warnOnce(() -> false, warned)).isFalse();
    assertThat(warnings).isEmpty();
    assertThat(warned).isFalse();
  }

  @Test
  void warning_tellsTheApplicationWhichPropertyToSetAndWhen() {
    assertThat(ManagerThreads.COMMON_POOL_WARNING)
        .contains("-D" + PROPERTY + "=8")
        .contains("System.setProperty(\"" + PROPERTY + "\", \"8\")")
        .contains("first thing in main")
        .contains("before anything touches the common pool")
        .contains("The application (a library cannot)")
        .contains("once per JVM");
  }

  @Test
  void twoManagers_logAtMostOneWarning() {
    // Given whatever this JVM's state and whether an earlier test already warned
    // When two managers start and close
    try (HttpClientManager first = leaks.manager();
        HttpClientManager second = leaks.manager()) {
      assertThat(first.isClosed()).isFalse();
      assertThat(second.isClosed()).isFalse();
    }

    // Then they logged at most one warning between them
    assertThat(warnings).hasSizeLessThanOrEqualTo(1);
  }
}
