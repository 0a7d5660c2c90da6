package dev.asyncflow.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncflow.examples.cli.MutationList.Mutation;
import dev.asyncflow.examples.json.TrialsJson;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  record Resumed(ResultFile file, Map<Integer, String> answered, int retried) {}

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
        return new Resumed(open(path), Map.of(), 0);
      }
      Map<Integer, String> byLine = new HashMap<>();
      mutations.forEach(m -> byLine.put(m.line(), m.text()));
      ReadBack read = readBack(path, byLine);
      if (read.rewrite()) {
        rewrite(path, read.kept().values());
      }
      Map<Integer, String> answered = new LinkedHashMap<>();
      read.kept().keySet().forEach(line -> answered.put(line, byLine.get(line)));
      return new Resumed(open(path), answered, read.failed());
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

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close --output " + path, e);
    }
  }

  private static ResultFile open(Path path) throws IOException {
    return new ResultFile(path, new FileOutputStream(path.toFile(), true));
  }

  /** The successful lines a file keeps, by input line, and whether it must be rewritten. */
  private record ReadBack(Map<Integer, String> kept, int failed, boolean rewrite) {}

  private static ReadBack readBack(Path path, Map<Integer, String> byLine) throws IOException {
    String content = Files.readString(path, StandardCharsets.UTF_8);
    String[] lines = content.split("\n", -1);
    boolean cutShort = !lines[lines.length - 1].isEmpty();
    Map<Integer, String> kept = new LinkedHashMap<>();
    int failed = 0;
    int dropped = 0;
    for (int i = 0; i < lines.length - 1; i++) {
      if (lines[i].isBlank()) {
        dropped++;
        continue;
      }
      JsonNode result = parse(path, i + 1, lines[i]);
      int line = result.path("line").asInt();
      check(path, i + 1, line, result.path("mutation").asText(), byLine);
      if (!result.path("ok").asBoolean(false)) {
        failed++;
      } else if (kept.putIfAbsent(line, lines[i]) != null) {
        dropped++;
      }
    }
    return new ReadBack(kept, failed, cutShort || failed > 0 || dropped > 0);
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

  private static void rewrite(Path path, Iterable<String> lines) throws IOException {
    Path temporary = Files.createTempFile(path.toAbsolutePath().getParent(), ".trials-", ".tmp");
    try {
      StringBuilder text = new StringBuilder();
      lines.forEach(line -> text.append(line).append('\n'));
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(
          temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
