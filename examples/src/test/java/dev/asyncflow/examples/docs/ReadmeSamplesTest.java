package dev.asyncflow.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Runs the README's first-screen flow down both of its branches. */
class ReadmeSamplesTest {

  @Test
  void firstScreen_followsTheFoundBranch() {
    Map<String, Object> shared = new ConcurrentHashMap<>(Map.of("query", "EGFR L858R"));

    ReadmeSamples.firstScreen(shared);

    assertThat(shared)
        .containsEntry("hits", "hit for EGFR L858R")
        .containsEntry("answer", "summary of hit for EGFR L858R");
  }

  @Test
  void firstScreen_followsTheNoneBranch() {
    Map<String, Object> shared = new ConcurrentHashMap<>(Map.of("query", " "));

    ReadmeSamples.firstScreen(shared);

    assertThat(shared).containsEntry("hits", "").containsEntry("answer", "sorry");
  }
}
