package dev.asyncflow.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputOrderTest {
  @Test
  void accept_handsResultsOnInInputOrderAsSoonAsTheirTurnComes() {
    List<String> seen = new ArrayList<>();
    InputOrder<String> order = new InputOrder<>(seen::add);

    order.accept(2, "c");
    order.accept(1, "b");
    assertThat(seen).isEmpty();
    order.accept(0, "a");
    assertThat(seen).containsExactly("a", "b", "c");
    order.accept(3, "d");

    assertThat(seen).containsExactly("a", "b", "c", "d");
  }
}
