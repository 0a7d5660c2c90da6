package dev.asyncflow.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a batch's mutations: one a line; blank lines and lines starting with # are skipped. */
final class MutationList {
  /** The name that reads standard input. */
  static final String STANDARD_INPUT = "-";

  private MutationList() {}

  /**
   * One mutation and where it stands in its input.
   *
   * @param line its line number in the input, from 1
   * @param text the line, stripped of surrounding white space
   */
  record Mutation(int line, String text) {}

  /**
   * Reads the mutations of a file, or of standard input for {@code -}.
   *
   * @param source a path or {@code -}
   * @param stdin standard input
   * @return the mutations in input order
   * @throws UsageException if the file cannot be read or holds no mutation
   */
  static List<Mutation> read(String source, InputStream stdin) {
    List<Mutation> mutations;
    try (Reader reader = open(source, stdin)) {
      mutations = parse(new BufferedReader(reader));
    } catch (IOException e) {
      throw new UsageException("cannot read " + describe(source) + ": " + reason(e), e);
    }
    if (mutations.isEmpty()) {
      throw new UsageException(
          describe(source) + " holds no mutation (one a line; blank lines and # comments skipped)");
    }
    return mutations;
  }

  private static Reader open(String source, InputStream stdin) throws IOException {
    if (source.equals(STANDARD_INPUT)) {
      return new InputStreamReader(stdin, StandardCharsets.UTF_8) {
        @Override
        public void close() {
          // standard input belongs to the process, not to this reader
        }
      };
    }
    Path path;
    try {
      path = Path.of(source);
    } catch (InvalidPathException e) {
      throw new NoSuchFileException(source);
    }
    if (Files.isDirectory(path)) {
      throw new IOException("it is a directory");
    }
    return Files.newBufferedReader(path, StandardCharsets.UTF_8);
  }

  private static List<Mutation> parse(BufferedReader reader) throws IOException {
    List<Mutation> mutations = new ArrayList<>();
    int number = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      number++;
      String text = line.strip();
      if (!text.isEmpty() && !text.startsWith("#")) {
        mutations.add(new Mutation(number, text));
      }
    }
    return mutations;
  }

  private static String describe(String source) {
    return source.equals(STANDARD_INPUT) ? "standard input" : source;
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
