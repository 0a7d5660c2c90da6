package dev.asyncflow.examples.cli;

import dev.asyncflow.examples.cli.MutationList.Mutation;
import dev.asyncflow.examples.json.TrialsJson;
import dev.asyncflow.trials.BatchOutcome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Where {@code trials batch} writes its results: standard output, or an {@code --output} file. */
sealed interface Target extends AutoCloseable permits Target.Stdout, Target.File {

  /**
   * Returns the mutations still to search.
   *
   * @param mutations every mutation of the input
   * @return those the target does not hold yet
   */
  List<Mutation> remaining(List<Mutation> mutations);

  /**
   * Returns what receives each outcome, in completion order.
   *
   * @param todo the mutations searched, in the order given to the batch
   * @return the sink
   */
  Consumer<BatchOutcome> sink(List<Mutation> todo);

  /**
   * Says on standard error what the target already holds, if anything.
   *
   * @param err standard error
   * @param total the input's mutations
   */
  default void announce(PrintStream err, int total) {}

  /**
   * Returns the end of the summary line: where the results are.
   *
   * @return text to append, empty for standard output
   */
  default String where() {
    return "";
  }

  /** Closes the target; idempotent, and later results are no longer written. */
  @Override
  default void close() {}

  /** Results on standard output, in input order: JSON lines or tables. */
  final class Stdout implements Target {
    private final PrintStream out;
    private final boolean json;

    Stdout(PrintStream out, boolean json) {
      this.out = out;
      this.json = json;
    }

    @Override
    public List<Mutation> remaining(List<Mutation> mutations) {
      return mutations;
    }

    @Override
    public Consumer<BatchOutcome> sink(List<Mutation> todo) {
      InputOrder<BatchOutcome> inOrder = new InputOrder<>(this::print);
      return outcome -> inOrder.accept(outcome.index(), outcome);
    }

    private void print(BatchOutcome outcome) {
      if (json) {
        out.println(TrialsJson.outcome(outcome));
      } else {
        BatchTables.print(out, outcome);
      }
      out.flush();
    }
  }

  /** Results appended to a file as they complete, each with its input line number. */
  final class File implements Target {
    private final ResultFile file;
    private final Path path;
    private final Set<Integer> answered;
    private final int retried;

    File(ResultFile file, Path path) {
      this(new ResultFile.Resumed(file, Set.of(), 0), path);
    }

    File(ResultFile.Resumed resumed, Path path) {
      this.file = resumed.file();
      this.path = path;
      this.answered = resumed.answered();
      this.retried = resumed.retried();
    }

    @Override
    public List<Mutation> remaining(List<Mutation> mutations) {
      return mutations.stream().filter(m -> !answered.contains(m.line())).toList();
    }

    @Override
    public Consumer<BatchOutcome> sink(List<Mutation> todo) {
      return outcome -> file.append(TrialsJson.outcome(outcome), todo.get(outcome.index()).line());
    }

    @Override
    public void announce(PrintStream err, int total) {
      if (!answered.isEmpty() || retried > 0) {
        err.println(
            "Resuming "
                + path
                + ": "
                + answered.size()
                + " of "
                + total
                + " mutations already answered"
                + (retried > 0 ? "; " + retried + " failed ones searched again" : ""));
      }
    }

    @Override
    public String where() {
      return "; results in " + path;
    }

    @Override
    public void close() {
      file.close();
    }
  }
}
