package dev.asyncflow.http.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Transparent decoding of {@code Content-Encoding: gzip} bodies. */
final class Gzip {
  private Gzip() {}

  /**
   * Returns whether the headers say the body is gzip-encoded.
   *
   * @param headers the response headers
   * @return true for {@code gzip} or {@code x-gzip}
   */
  static boolean isGzip(HttpHeaders headers) {
    List<String> values = headers.allValues("Content-Encoding");
    if (values.isEmpty()) {
      return false;
    }
    String value = values.get(0).trim().toLowerCase(Locale.ROOT);
    return value.equals("gzip") || value.equals("x-gzip");
  }

  /**
   * Decodes a gzip body; an empty body stays empty.
   *
   * @param body the encoded bytes
   * @return the decoded bytes
   * @throws IOException if the stream is not valid gzip
   */
  static byte[] decode(byte[] body) throws IOException {
    if (body.length == 0) {
      return body;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  /**
   * Returns the decoded body when the headers say gzip and it decodes, else the body as it came;
   * for error bodies, where showing something beats failing.
   *
   * @param headers the response headers
   * @param body the body bytes
   * @return the decoded or the original bytes
   */
  static byte[] decodeOrKeep(HttpHeaders headers, byte[] body) {
    if (!isGzip(headers)) {
      return body;
    }
    try {
      return decode(body);
    } catch (IOException undecodable) {
      return body;
    }
  }
}
