package dev.asyncflow.http.internal;

import dev.asyncflow.http.ServiceRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** RFC 3986 percent-encoding of path segments and query parameters, and URL redaction. */
public final class UrlEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UrlEncoding() {}

  /**
   * Percent-encodes every byte of {@code value}'s UTF-8 form except the unreserved characters
   * {@code A-Z a-z 0-9 - . _ ~}: spaces become {@code %20}, never {@code +}.
   *
   * @param value the raw text
   * @return the encoded text
   */
  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /**
   * Returns the full URI of {@code request} under {@code baseUri}, query encoded.
   *
   * @param baseUri the service's base URI, path ending in {@code /}
   * @param request the request
   * @return the absolute URI
   */
  public static URI resolve(URI baseUri, ServiceRequest request) {
    StringBuilder uri = new StringBuilder(baseUri.toString()).append(request.path());
    appendQuery(uri, request, Set.of(), false);
    return URI.create(uri.toString());
  }

  /**
   * Returns the URL of {@code request} safe to show: no user info, values of {@code sensitive}
   * query parameters replaced by {@code [redacted]}.
   *
   * @param baseUri the service's base URI
   * @param request the request
   * @param sensitive names of sensitive query parameters
   * @return the URL for events and messages
   */
  public static String redacted(URI baseUri, ServiceRequest request, Set<String> sensitive) {
    StringBuilder uri = new StringBuilder(baseUri.toString()).append(request.path());
    appendQuery(uri, request, sensitive, true);
    return uri.toString();
  }

  private static void appendQuery(
      StringBuilder uri, ServiceRequest request, Set<String> sensitive, boolean redact) {
    char separator = '?';
    for (Map.Entry<String, String> parameter : request.query()) {
      String value =
          redact && sensitive.contains(parameter.getKey())
              ? HeaderRules.REDACTED
              : encode(parameter.getValue());
      uri.append(separator).append(encode(parameter.getKey())).append('=').append(value);
      separator = '&';
    }
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
