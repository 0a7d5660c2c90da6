package dev.asyncflow.http.internal;

import dev.asyncflow.http.ServiceRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
    if (allUnreserved(value)) {
      return value;
    }
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
   * Checks that {@code path} holds only what RFC 3986 allows in a path: unreserved characters,
   * {@code %HH} escapes, the sub-delimiters {@code !$&'()*+,;=}, {@code :} and {@code @} within
   * segments, and {@code /} between them. The message names the path and the index and kind of the
   * first bad character; {@code java.net.URI} would otherwise refuse the request when it is sent,
   * quoting the whole URL with its query.
   *
   * @param path the raw path as given to the request builder
   * @return {@code path}
   * @throws IllegalArgumentException if a character is not allowed
   */
  public static String checkPath(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      String problem = c == '%' ? escapeProblem(path, i) : characterProblem(c);
      if (problem != null) {
        throw new IllegalArgumentException(
            "path \""
                + printable(path)
                + "\" contains "
                + problem
                + " at index "
                + i
                + "; percent-encode it (pathSegment encodes a raw value)");
      }
    }
    return path;
  }

  private static @Nullable String escapeProblem(String path, int at) {
    boolean valid =
        at + 2 < path.length()
            && isHexDigit(path.charAt(at + 1))
            && isHexDigit(path.charAt(at + 2));
    return valid ? null : "a '%' not followed by two hex digits";
  }

  private static @Nullable String characterProblem(char c) {
    if (isUnreserved(c) || "!$&'()*+,;=:@/".indexOf(c) >= 0) {
      return null;
    }
    if (c == ' ') {
      return "a space";
    }
    if (c < 0x20 || c == 0x7f) {
      return String.format(Locale.ROOT, "a control character (U+%04X)", (int) c);
    }
    if (c > 0x7f) {
      return String.format(Locale.ROOT, "a non-ASCII character (U+%04X)", (int) c);
    }
    return String.format(
        Locale.ROOT,
        "the character '%c' (U+%04X), which RFC 3986 does not allow in a path",
        c,
        (int) c);
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** {@code text} with control characters written as Java escapes, so a message stays one line. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Removes the {@code .} and {@code ..} segments of a relative path (percent-encoded ones such as
   * {@code %2e%2e} included), as RFC 3986 resolution would: {@code a/./b/../c} becomes {@code a/c}.
   *
   * @param path a percent-encoded path relative to the service's base path, no leading {@code /}
   * @return the path without dot segments
   * @throws IllegalArgumentException if a {@code ..} would climb above the start of the path, that
   *     is above the service's base path
   */
  public static String normalizePath(String path) {
    if (path.indexOf('.') < 0 && path.indexOf('%') < 0) {
      return path; // no dot segment, plain or encoded
    }
    String[] segments = path.split("/", -1);
    List<String> kept = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      String dots = dotSegment(segments[i]);
      if (dots == null) {
        kept.add(segments[i]);
        continue;
      }
      if (dots.equals("..")) {
        if (kept.isEmpty()) {
          throw new IllegalArgumentException(
              "path \""
                  + path
                  + "\" climbs above the service's base URI path: segment "
                  + (i + 1)
                  + " (\""
                  + segments[i]
                  + "\") has nothing left to remove");
        }
        kept.remove(kept.size() - 1);
      }
      if (i == segments.length - 1) {
        kept.add("");
      }
    }
    return String.join("/", kept);
  }

  /**
   * Returns {@code "."} or {@code ".."} when {@code segment} is a dot segment, written plainly or
   * percent-encoded ({@code %2e}, {@code %2E}), else null.
   *
   * @param segment one raw path segment
   * @return the dot segment it stands for, or null
   */
  static @Nullable String dotSegment(String segment) {
    if (segment.length() > 6 || segment.isEmpty()) {
      return null;
    }
    String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
    return decoded.equals(".") || decoded.equals("..") ? decoded : null;
  }

  /**
   * Returns the full URL of {@code request} under {@code baseUri}, query encoded, secrets included:
   * the text the JDK request is built from. Never show it; it also lets a message quoting it be
   * recognized and replaced.
   *
   * @param baseUri the service's base URI, path ending in {@code /}
   * @param request the request
   * @return the unredacted URL
   */
  public static String resolvedText(URI baseUri, ServiceRequest request) {
    StringBuilder uri = builderFor(baseUri, request);
    appendQuery(uri, request, Set.of(), false);
    return uri.toString();
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
    StringBuilder uri = builderFor(baseUri, request);
    appendQuery(uri, request, sensitive, true);
    return uri.toString();
  }

  /** A builder holding the base URI and the path, with room for the query as it usually ends up. */
  private static StringBuilder builderFor(URI baseUri, ServiceRequest request) {
    String base = baseUri.toString();
    int length = base.length() + request.path().length();
    for (Map.Entry<String, String> parameter : request.query()) {
      length += parameter.getKey().length() + parameter.getValue().length() + 2;
    }
    return new StringBuilder(length + 16).append(base).append(request.path());
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

  private static boolean allUnreserved(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!isUnreserved(value.charAt(i))) {
        return false;
      }
    }
    return true;
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
