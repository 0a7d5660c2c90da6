package dev.asyncflow.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncflow.examples.cli.MutationList.Mutation;
import dev.asyncflow.examples.json.TrialsJson;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file {@code trials batch --output FILE} appends its result lines to, as they complete.
 *
 * <p>Each line is one JSON object with the input's line number as {@code "line"}, written with a
 * single write and flushed, so an interrupted batch leaves whole lines only. {@link #resume} reads
 * such a file back: it keeps one successful line per input line, drops failed lines (their
 * mutations are searched again) and a last line cut short by a crash, and rewrites the file
 * atomically when it dropped anything, so that the finished file holds exactly one line per
 * mutation.
 *
 * <p>{@link #append} is thread-safe.
 */
final class ResultFile implements AutoCloseable {
  private final Path path;
  private final OutputStream out;
  private boolean closed;

  private ResultFile(Path path, OutputStream out) {
    this.path = path;
    this.out = out;
  }

  /**
   * What a resumed file already answers.
   *
   * @param file the file, open for appending
   * @param answered the input lines with a successful result in the file
   * @param retried how many failed results were dropped to be searched again
   */
  record Resumed(ResultFile file, Set<Integer> answered, int retried) {}

  /**
   * Creates a new output file; an existing empty file is reused.
   *
   * @param path the file
   * @return the file, open for appending
   * @throws UsageException if the file exists and is not empty, or cannot be written
   */
  static ResultFile create(Path path) {
    try {
      if (Files.exists(path) && Files.size(path) > 0) {
        throw new UsageException(
            "--output "
                + path
                + " already holds results: add --resume to finish that batch, or remove it");
      }
      return open(path);
    } catch (IOException e) {
      throw new UsageException("cannot write --output " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an output file to finish the batch whose results it holds; a missing file starts anew.
   *
   * @param path the file
   * @param mutations the batch's mutations
   * @return the file and what it already answers
   * @throws UsageException if a line of the file is not a result of this input
   */
  static Resumed resume(Path path, List<Mutation> mutations) {
    try {
      if (!Files.exists(path)) {
        return new Resumed(open(path), Set.of(), 0);
      }
      Map<Integer, String> byLine = new HashMap<>();
      mutations.forEach(m -> byLine.put(m.line(), m.text()));
      ReadBack read = readBack(path, byLine);
      if (read.rewrite()) {
        rewrite(path);
      }
      return new Resumed(open(path), read.kept(), read.failed());
    } catch (IOException e) {
      throw new UsageException("cannot resume --output " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends one result line, flushed.
   *
   * @param result the result, given {@code "line"} here
   * @param line the input's line number
   */
  synchronized void append(ObjectNode result, int line) {
    if (closed) {
      return; // interrupted: the process is exiting, and --resume searches this mutation again
    }
    ObjectNode withLine = TrialsJson.mapper().createObjectNode();
    withLine.put("line", line);
    withLine.setAll(result);
    try {
      out.write(
          (TrialsJson.mapper().writeValueAsString(withLine) + "\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write --output " + path + ": " + e.getMessage(), e);
    }
  }

  /** Closes the file after any line being written; idempotent. Later lines are not written. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close --output " + path, e);
    }
  }

  private static ResultFile open(Path path) throws IOException {
    return new ResultFile(path, new FileOutputStream(path.toFile(), true));
  }

  /** The input lines a file answers with success, and whether it must be rewritten. */
  private record ReadBack(Set<Integer> kept, int failed, boolean rewrite) {}

  /** Receives a file's lines, those cut short by a crash left out. */
  private interface LineVisitor {
    void visit(int number, String text) throws IOException;
  }

  private static ReadBack readBack(Path path, Map<Integer, String> byLine) throws IOException {
    Set<Integer> kept = new HashSet<>();
    int[] failed = {0};
    boolean[] dropped = {false};
    boolean cutShort =
        forEachWholeLine(
            path,
            (number, text) -> {
              if (text.isBlank()) {
                dropped[0] = true;
                return;
              }
              JsonNode result = parse(path, number, text);
              int line = result.path("line").asInt();
              check(path, number, line, result.path("mutation").asText(), byLine);
              if (!result.path("ok").asBoolean(false)) {
                failed[0]++;
              } else if (!kept.add(line)) {
                dropped[0] = true;
              }
            });
    return new ReadBack(kept, failed[0], cutShort || failed[0] > 0 || dropped[0]);
  }

  /**
   * Visits every line that ends with a line break, in order.
   *
   * @return whether the file ends with a line cut short (no line break after it), which is not
   *     visited
   */
  private static boolean forEachWholeLine(Path path, LineVisitor visitor) throws IOException {
    boolean cutShort = !endsWithLineBreak(path);
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String previous = reader.readLine();
      int number = 1;
      for (String next = reader.readLine(); previous != null; next = reader.readLine()) {
        if (next != null || !cutShort) {
          visitor.visit(number, previous);
        }
        previous = next;
        number++;
      }
    }
    return cutShort;
  }

  private static boolean endsWithLineBreak(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  private static JsonNode parse(Path path, int number, String text) {
    try {
      JsonNode node = TrialsJson.mapper().readTree(text);
      if (node.isObject() && node.path("line").isInt() && node.path("mutation").isTextual()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw new UsageException(
        "--resume: line " + number + " of " + path + " is not a result line of trials batch");
  }

  private static void check(
      Path path, int number, int line, String mutation, Map<Integer, String> byLine) {
    String expected = byLine.get(line);
    if (!mutation.equals(expected)) {
      throw new UsageException(
          "--resume: "
              + path
              + " does not belong to this input: its line "
              + number
              + " answers input line "
              + line
              + " as \""
              + mutation
              + "\", but the input has "
              + (expected == null ? "no mutation there" : "\"" + expected + "\""));
    }
  }

  /** Rewrites the file with the first successful line of each input line, atomically. */
  private static void rewrite(Path path) throws IOException {
    Path temporary = Files.createTempFile(path.toAbsolutePath().getParent(), ".trials-", ".tmp");
    try {
      try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        Set<Integer> written = new HashSet<>();
        forEachWholeLine(
            path,
            (number, text) -> {
              JsonNode result = text.isBlank() ? null : TrialsJson.mapper().readTree(text);
              if (result != null
                  && result.path("ok").asBoolean(false)
                  && written.add(result.path("line").asInt())) {
                writer.write(text);
                writer.write('\n');
              }
            });
      }
      Files.move(
          temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
