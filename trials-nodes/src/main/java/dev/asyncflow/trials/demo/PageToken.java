package dev.asyncflow.trials.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo server's page tokens: opaque to clients, they hold the rank the next page starts at and
 * a fingerprint of the search's selecting parameters, so a token used with other parameters is
 * refused as the real API's would not be honoured.
 */
final class PageToken {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final String INVALID = "Invalid pageToken: ";

  private PageToken() {}

  /**
   * Returns the fingerprint of the parameters that choose and order a search's studies.
   *
   * @param selecting those parameters (names and values)
   * @return a short hex digest, the same for the same parameters in any order
   */
  static String fingerprint(Map<String, String> selecting) {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(selecting)
        .forEach((name, value) -> canonical.append(name).append('=').append(value).append('\n'));
    byte[] digest = sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 8);
  }

  /**
   * Returns the token of the page that starts at {@code offset}.
   *
   * @param offset the zero-based index of the page's first study
   * @param fingerprint the search's {@link #fingerprint}
   * @return the token
   */
  static String encode(int offset, String fingerprint) {
    return ENCODER.encodeToString((offset + ":" + fingerprint).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a token.
   *
   * @param token the token received
   * @param fingerprint the fingerprint of the request that carries it
   * @param found how many studies the search finds
   * @return the zero-based index of the page's first study, at least 1 and below {@code found}
   * @throws BadRequestException if the token is not one of this server's, was issued for other
   *     parameters or points past the results
   */
  static int decode(String token, String fingerprint, int found) {
    String text;
    try {
      text = new String(DECODER.decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      throw new BadRequestException(INVALID + token);
    }
    int colon = text.indexOf(':');
    if (colon < 0 || !text.substring(colon + 1).equals(fingerprint)) {
      throw new BadRequestException(
          INVALID + token + " (not issued for a search with these parameters)");
    }
    int offset;
    try {
      offset = Integer.parseInt(text.substring(0, colon));
    } catch (NumberFormatException notANumber) {
      throw new BadRequestException(INVALID + token);
    }
    if (offset < 1 || offset >= found) {
      throw new BadRequestException(INVALID + token);
    }
    return offset;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every Java platform has SHA-256", impossible);
    }
  }
}
