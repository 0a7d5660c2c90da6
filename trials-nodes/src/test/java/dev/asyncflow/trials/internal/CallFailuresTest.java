package dev.asyncflow.trials.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.trials.ClinicalTrialsException;
import dev.asyncflow.trials.InvalidQueryException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The cases of the failure mapping that no server answer produces. */
class CallFailuresTest {

  @Test
  void unexpectedFailure_becomesTheRootException_namingTheRequest() {
    Throwable mapped =
        CallFailures.map(
            new CompletionException(new IllegalStateException("bug")), "looking up NCT1", null);

    assertThat(mapped)
        .isExactlyInstanceOf(ClinicalTrialsException.class)
        .hasMessageContaining("looking up NCT1")
        .hasMessageContaining("bug")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(((ClinicalTrialsException) mapped).attempts()).isZero();
  }

  @Test
  void cancellationAndBadInput_passThrough() {
    CancellationException cancelled = new CancellationException();
    InvalidQueryException invalid = new InvalidQueryException("nctId", "is missing");

    assertThat(CallFailures.map(cancelled, "x", null)).isSameAs(cancelled);
    assertThat(CallFailures.map(invalid, "x", null)).isSameAs(invalid);
  }

  @Test
  void conversionThatThrows_failsTheMappedFuture() {
    CompletableFuture<String> mapped =
        CallFailures.mapped(
            CompletableFuture.completedFuture("x"),
            value -> {
              throw new IllegalStateException("cannot convert " + value);
            },
            "searching",
            null);

    assertThat(mapped)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(ClinicalTrialsException.class);
  }

  @Test
  void cancellingTheMappedFuture_cancelsTheCall() {
    CompletableFuture<String> call = new CompletableFuture<>();
    CompletableFuture<String> mapped = CallFailures.mapped(call, value -> value, "searching", null);

    mapped.cancel(true);

    assertThat(call).isCancelled();
  }
}
