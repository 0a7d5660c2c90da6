package dev.asyncflow.http.internal;

import java.nio.charset.Charset;

/** The start of a body as printable text, for error messages. */
final class BodyText {
  /** How many characters of a body an error message shows. */
  static final int LIMIT = 512;

  private BodyText() {}

  /**
   * Returns at most {@link #LIMIT} characters of {@code body}, the call's secrets redacted (before
   * the cut, so that a secret across the limit cannot leave its start behind), control characters
   * replaced by spaces, with {@code ...} when cut.
   *
   * <p>Only the first {@code (LIMIT + longest secret) * 4} bytes are decoded. Redaction may shrink
   * that text below the limit, so when the bytes were cut, the last {@code longest secret - 1}
   * characters are dropped too: a copy of a secret cut by the window is never matched, and could
   * otherwise show all but its last character.
   *
   * @param body the body bytes
   * @param charset its charset
   * @param redactor the call's secrets
   * @return the printable start
   */
  static String start(byte[] body, Charset charset, Redactor redactor) {
    int length = Math.min(body.length, (LIMIT + redactor.longest()) * 4);
    String text = redactor.redact(new String(body, 0, length, charset));
    boolean windowCut = length < body.length;
    if (windowCut) {
      text = text.substring(0, safeEnd(text, redactor.longest() - 1));
    }
    boolean cut = windowCut || text.length() > LIMIT;
    if (text.length() > LIMIT) {
      text = text.substring(0, LIMIT);
    }
    StringBuilder out = new StringBuilder(text.length() + 3);
    text.chars().forEach(c -> out.append(Character.isISOControl(c) ? ' ' : (char) c));
    return cut ? out.append("...").toString() : out.toString();
  }

  /**
   * Returns where to end redacted {@code text} when its last {@code drop} characters may hold the
   * start of a secret: {@code drop} characters from the end, or the end of a marker that straddles
   * that point (a marker holds no secret, and a half marker would read as text).
   */
  private static int safeEnd(String text, int drop) {
    int end = Math.max(0, text.length() - Math.max(0, drop));
    int marker = end == 0 ? -1 : text.lastIndexOf(HeaderRules.REDACTED, end - 1);
    if (marker >= 0 && marker + HeaderRules.REDACTED.length() > end) {
      return marker + HeaderRules.REDACTED.length();
    }
    return end;
  }
}
