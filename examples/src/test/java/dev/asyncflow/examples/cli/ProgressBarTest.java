package dev.asyncflow.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.trials.BatchProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void update_drawsDoneTotalFailuresAndRate() {
    ProgressBar bar = new ProgressBar(err, nanos::get, 0);
    nanos.set(2_000_000_000L);

    bar.update(new BatchProgress(50, 100, 48, 2));

    assertThat(text()).isEqualTo("\r[###############...............] 50/100  2 failed  25.0/s");
  }

  @Test
  void update_redrawsAtMostEveryHundredMillisecondsButAlwaysAtTheEnd() {
    ProgressBar bar = new ProgressBar(err, nanos::get, 0);
    bar.update(new BatchProgress(1, 3, 1, 0));
    nanos.set(50_000_000L);
    bar.update(new BatchProgress(2, 3, 2, 0));
    assertThat(text()).doesNotContain("2/3");

    bar.update(new BatchProgress(3, 3, 3, 0));

    assertThat(text()).contains("1/3").contains("3/3");
  }

  @Test
  void resumedBatch_countsWhatWasAlreadyDone() {
    ProgressBar bar = new ProgressBar(err, nanos::get, 10);

    bar.update(new BatchProgress(0, 10, 0, 0));

    assertThat(text()).contains(" 10/20 ");
  }

  @Test
  void clear_blanksTheLine() {
    ProgressBar bar = new ProgressBar(err, nanos::get, 0);
    bar.update(new BatchProgress(0, 1, 0, 0));
    int drawn = text().length() - 1;

    bar.clear();

    assertThat(text()).endsWith("\r" + " ".repeat(drawn) + "\r");
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
