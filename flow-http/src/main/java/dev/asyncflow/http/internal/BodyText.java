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
   * @param body the body bytes
   * @param charset its charset
   * @param redactor the call's secrets
   * @return the printable start
   */
  static String start(byte[] body, Charset charset, Redactor redactor) {
    int length = Math.min(body.length, (LIMIT + redactor.longest()) * 4);
    String text = redactor.redact(new String(body, 0, length, charset));
    boolean cut = text.length() > LIMIT || length < body.length;
    if (text.length() > LIMIT) {
      text = text.substring(0, LIMIT);
    }
    StringBuilder out = new StringBuilder(text.length() + 3);
    text.chars().forEach(c -> out.append(Character.isISOControl(c) ? ' ' : (char) c));
    return cut ? out.append("...").toString() : out.toString();
  }
}
