package dev.asyncflow.trials.internal;

import dev.asyncflow.trials.InvalidQueryException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks and normalizes the free text a caller searches for (a mutation, a condition, a term)
 * before it is escaped into a query.
 *
 * <p>Whitespace is every character that {@link Character#isSpaceChar(int)} accepts (the Unicode
 * space, line and paragraph separators: U+0020, U+00A0, U+2000 to U+200A, U+2028, U+2029, U+202F,
 * U+3000 and the like) and the ASCII controls U+0009 to U+000D (tab, line feed, vertical tab, form
 * feed, carriage return), so that text pasted from a document keeps working. Every run of it
 * becomes one ASCII space and the ends are stripped. Any other control character (Unicode category
 * Cc: U+0000 to U+0008, U+000E to U+001F, U+007F to U+009F, among them NUL, ESC, DEL and NEL
 * U+0085) and any unpaired surrogate is refused. Letters of any script are kept as they are.
 *
 * <p>Error messages quote at most the first 40 characters of the value, with control characters,
 * separators and unpaired surrogates written as <code>&#92;uXXXX</code> escapes, never raw.
 *
 * <p>Stateless and thread-safe.
 */
public final class SearchText {
  /** The most characters (code points) a mutation may have after cleaning. */
  public static final int MUTATION_MAX_LENGTH = 200;

  /** The most characters (code points) a free search term may have. */
  public static final int TERM_MAX_LENGTH = 500;

  private static final int QUOTE_LENGTH = 40;

  private SearchText() {}

  /**
   * Returns {@code text} stripped, with every run of whitespace collapsed to one ASCII space.
   *
   * @param argument the argument's name for the error, such as {@code "mutation"}
   * @param text the caller's text, or null when it gave none
   * @param maxLength the most characters (code points) allowed after cleaning, at least 1
   * @return the cleaned text, never blank
   * @throws InvalidQueryException if the text is null, blank, holds a control character or an
   *     unpaired surrogate, or is longer than {@code maxLength}
   * @throws IllegalArgumentException if {@code maxLength} is less than 1
   */
  public static String clean(String argument, @Nullable String text, int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
    }
    if (text == null) {
      throw new InvalidQueryException(argument, "is missing");
    }
    refuseUnsafeCharacters(argument, text);
    String cleaned = collapseWhitespace(text);
    if (cleaned.isEmpty()) {
      throw new InvalidQueryException(argument, "is blank");
    }
    refuseLongerThan(maxLength, argument, cleaned);
    return cleaned;
  }

  /**
   * Quotes the start of {@code value} for an error message: at most 40 characters in double quotes,
   * followed by {@code ...} when cut, with control characters, separators and unpaired surrogates
   * escaped as <code>&#92;uXXXX</code>.
   *
   * @param value any text
   * @return the quotation, safe to log
   */
  public static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    int[] codePoints = value.codePoints().limit(QUOTE_LENGTH + 1L).toArray();
    for (int i = 0; i < Math.min(codePoints.length, QUOTE_LENGTH); i++) {
      appendPrintable(quoted, codePoints[i]);
    }
    quoted.append('"');
    return codePoints.length > QUOTE_LENGTH ? quoted.append("...").toString() : quoted.toString();
  }

  private static void refuseUnsafeCharacters(String argument, String text) {
    int index = 0;
    while (index < text.length()) {
      int codePoint = text.codePointAt(index);
      String problem = unsafe(codePoint);
      if (problem != null) {
        throw new InvalidQueryException(
            argument,
            problem + " " + codePointName(codePoint) + " at index " + index + ": " + quote(text));
      }
      index += Character.charCount(codePoint);
    }
  }

  private static @Nullable String unsafe(int codePoint) {
    if (Character.getType(codePoint) == Character.SURROGATE) {
      return "holds an unpaired surrogate";
    }
    if (Character.isISOControl(codePoint) && !isWhitespace(codePoint)) {
      return "holds control character";
    }
    return null;
  }

  private static void refuseLongerThan(int maxLength, String argument, String cleaned) {
    int length = cleaned.codePointCount(0, cleaned.length());
    if (length > maxLength) {
      throw new InvalidQueryException(
          argument,
          "is "
              + length
              + " characters long; at most "
              + maxLength
              + " are allowed: "
              + quote(cleaned));
    }
  }

  private static String collapseWhitespace(String text) {
    StringBuilder cleaned = new StringBuilder(text.length());
    boolean spacePending = false;
    for (int codePoint : text.codePoints().toArray()) {
      if (isWhitespace(codePoint)) {
        spacePending = cleaned.length() > 0;
      } else {
        if (spacePending) {
          cleaned.append(' ');
          spacePending = false;
        }
        cleaned.appendCodePoint(codePoint);
      }
    }
    return cleaned.toString();
  }

  private static boolean isWhitespace(int codePoint) {
    return (codePoint >= '\t' && codePoint <= '\r') || Character.isSpaceChar(codePoint);
  }

  private static void appendPrintable(StringBuilder quoted, int codePoint) {
    if (needsEscape(codePoint)) {
      quoted.append(String.format(Locale.ROOT, "\\u%04X", codePoint));
    } else {
      quoted.appendCodePoint(codePoint);
    }
  }

  private static boolean needsEscape(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL
        || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static String codePointName(int codePoint) {
    return String.format(Locale.ROOT, "U+%04X", codePoint);
  }
}
