package dev.asyncflow.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the Java code blocks of the Markdown docs and the marked sample regions of the examples'
 * sources, and tells whether each block is compiled code.
 *
 * <p>A region is the code between {@code // docs:<doc file>#<name> begin} and {@code // docs:<doc
 * file>#<name> end}, the doc file given relative to the repository root ({@code README.md}, {@code
 * docs/trials.md}). A block is covered when its tokens appear, in order and contiguous, in one
 * region of its doc file. Tokens, not lines, are compared, because the sources are formatted by
 * google-java-format and the docs are laid out for reading: layout and whitespace may differ,
 * nothing else may (identifiers, literals, operators and comments all count; whitespace inside a
 * comment is collapsed).
 */
final class DocSamples {
  private static final Pattern MARKER =
      Pattern.compile("^\\s*// docs:(\\S+)#(\\S+) (begin|end)\\s*$");
  private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*(\\S*).*$");

  private DocSamples() {}

  /** A ```java block of a doc: its file (relative to the root), first code line and lines. */
  record Block(String doc, int firstLine, List<String> lines) {
    List<Token> tokens() {
      return tokenize(lines, firstLine);
    }

    @Override
    public String toString() {
      return doc + ":" + firstLine;
    }
  }

  /** A marked region of a source file. */
  record Region(String doc, String name, Path source, int firstLine, List<String> lines) {
    List<Token> tokens() {
      return tokenize(lines, firstLine);
    }

    @Override
    public String toString() {
      return "region " + doc + "#" + name + " (" + source.getFileName() + ":" + firstLine + ")";
    }
  }

  /** One token and the 1-based line it starts on. */
  record Token(String text, int line) {}

  /** Returns the repository root: the nearest directory up from here with README.md and docs/. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no README.md with a docs/ directory above the working dir");
  }

  /** Returns README.md and every Markdown file under docs/, relative to {@code root}. */
  static List<String> docFiles(Path root) {
    List<String> docs = new ArrayList<>();
    docs.add("README.md");
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files
          .filter(p -> p.toString().endsWith(".md"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** Returns the ```java blocks of one doc file. */
  static List<Block> javaBlocks(String doc, List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    boolean inFence = false;
    boolean java = false;
    int first = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i));
      if (!inFence && fence.matches()) {
        inFence = true;
        java = "java".equals(fence.group(1));
        first = i + 2;
      } else if (inFence && fence.matches() && fence.group(1).isEmpty()) {
        if (java) {
          blocks.add(new Block(doc, first, List.copyOf(lines.subList(first - 1, i))));
        }
        inFence = false;
      }
    }
    if (inFence) {
      throw new IllegalStateException(
          doc + ": the code block opened at line " + (first - 1) + " is never closed");
    }
    return blocks;
  }

  /** Returns the marked regions of every .java file under the given source roots. */
  static List<Region> regions(List<Path> sourceRoots) {
    List<Region> regions = new ArrayList<>();
    for (Path root : sourceRoots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path source : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          regions.addAll(regions(source, Files.readAllLines(source)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return regions;
  }

  /** Returns the marked regions of one source file; markers must pair up and must not nest. */
  static List<Region> regions(Path source, List<String> lines) {
    List<Region> regions = new ArrayList<>();
    Matcher open = null;
    int first = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i));
      if (!marker.matches()) {
        continue;
      }
      String where = source + ":" + (i + 1);
      if (marker.group(3).equals("begin")) {
        if (open != null) {
          throw new IllegalStateException(where + ": region begins inside " + open.group(0).trim());
        }
        open = marker;
        first = i + 2;
      } else {
        if (open == null
            || !open.group(1).equals(marker.group(1))
            || !open.group(2).equals(marker.group(2))) {
          throw new IllegalStateException(where + ": region end without its begin");
        }
        List<String> body = List.copyOf(lines.subList(first - 1, i));
        regions.add(new Region(open.group(1), open.group(2), source, first, body));
        open = null;
      }
    }
    if (open != null) {
      throw new IllegalStateException(source + ": " + open.group(0).trim() + " never ends");
    }
    return regions;
  }

  /**
   * Checks one block against the regions; returns why it is not covered, or empty when it is. The
   * message names the block, the region that matched it furthest, and the block's first line that
   * region does not match.
   */
  static Optional<String> check(Block block, List<Region> regions) {
    List<Token> wanted = block.tokens();
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    Region best = null;
    int bestMatched = -1;
    for (Region region : regions) {
      if (!region.doc().equals(block.doc())) {
        continue;
      }
      int matched = longestMatch(wanted, region.tokens());
      if (matched == wanted.size()) {
        return Optional.empty();
      }
      if (matched > bestMatched) {
        best = region;
        bestMatched = matched;
      }
    }
    int line = wanted.get(Math.max(bestMatched, 0)).line();
    String text = block.lines().get(line - block.firstLine()).strip();
    String closest;
    if (best == null) {
      closest = "there is no region // docs:" + block.doc() + "#<name> begin";
    } else if (bestMatched == 0) {
      closest = "no region of " + block.doc() + " holds its first line";
    } else {
      closest = "closest: " + best;
    }
    return Optional.of(
        "```java block at "
            + block
            + " is not compiled sample code; first unmatched line "
            + block.doc()
            + ":"
            + line
            + ": "
            + text
            + " ("
            + closest
            + ")");
  }

  /** Returns whether {@code region} holds at least one of {@code blocks} (else it is stale). */
  static boolean isShown(Region region, List<Block> blocks) {
    List<Token> have = region.tokens();
    return blocks.stream()
        .filter(b -> b.doc().equals(region.doc()))
        .anyMatch(
            b -> !b.tokens().isEmpty() && longestMatch(b.tokens(), have) == b.tokens().size());
  }

  /** Returns the longest prefix of {@code wanted} found contiguous anywhere in {@code have}. */
  private static int longestMatch(List<Token> wanted, List<Token> have) {
    int best = 0;
    for (int start = 0; start < have.size(); start++) {
      int n = 0;
      while (n < wanted.size()
          && start + n < have.size()
          && wanted.get(n).text().equals(have.get(start + n).text())) {
        n++;
      }
      best = Math.max(best, n);
      if (best == wanted.size()) {
        break;
      }
    }
    return best;
  }

  /**
   * Splits Java source into tokens: identifiers and numbers, string and character literals,
   * comments (whitespace collapsed, javadoc's leading asterisks dropped) and single punctuation
   * characters. Whitespace separates tokens and is otherwise ignored.
   */
  static List<Token> tokenize(List<String> lines, int firstLine) {
    String text = String.join("\n", lines);
    List<Token> tokens = new ArrayList<>();
    int line = firstLine;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int end;
      String token;
      if (Character.isWhitespace(c)) {
        end = i + 1;
        token = null;
      } else if (text.startsWith("//", i)) {
        end = indexOrEnd(text, "\n", i);
        token = "//" + collapse(text.substring(i + 2, end));
      } else if (text.startsWith("/*", i)) {
        end = indexOrEnd(text, "*/", i + 2) + 2;
        String body = text.substring(i, Math.min(end, text.length()));
        token = collapse(body.replaceAll("\n\\s*\\*(?!/)", "\n"));
      } else if (text.startsWith("\"\"\"", i)) {
        end = indexOrEnd(text, "\"\"\"", i + 3) + 3;
        token = text.substring(i, Math.min(end, text.length()));
      } else if (c == '"' || c == '\'') {
        end = endOfQuoted(text, i);
        token = text.substring(i, end);
      } else if (Character.isJavaIdentifierPart(c)) {
        end = i;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
          end++;
        }
        token = text.substring(i, end);
      } else {
        end = i + 1;
        token = String.valueOf(c);
      }
      end = Math.min(end, text.length());
      if (token != null) {
        tokens.add(new Token(token, line));
      }
      line += (int) text.substring(i, end).chars().filter(ch -> ch == '\n').count();
      i = end;
    }
    return tokens;
  }

  private static int indexOrEnd(String text, String what, int from) {
    int at = text.indexOf(what, from);
    return at < 0 ? text.length() : at;
  }

  private static int endOfQuoted(String text, int start) {
    char quote = text.charAt(start);
    int i = start + 1;
    while (i < text.length() && text.charAt(i) != quote && text.charAt(i) != '\n') {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, text.length());
  }

  private static String collapse(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }
}
