package dev.asyncflow.http.internal;

import java.net.URI;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Validation of header names, values and base URIs, and redaction of sensitive values. */
public final class HeaderRules {
  /** What a redacted value is replaced with. */
  public static final String REDACTED = "[redacted]";

  /** Lower-case names of the headers treated as sensitive unless configured otherwise. */
  public static final Set<String> DEFAULT_SENSITIVE_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

  /** Names of the query parameters redacted unless configured otherwise. */
  public static final Set<String> DEFAULT_SENSITIVE_QUERY_PARAMETERS =
      Set.of("api_key", "key", "token", "access_token");

  /** An empty case-insensitive map, shared by every request and service without headers. */
  private static final Map<String, String> NO_HEADERS =
      Collections.unmodifiableMap(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

  private static final Set<String> JDK_CONTROLLED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private HeaderRules() {}

  /**
   * Checks that {@code name} is an RFC 9110 token and not a header the JDK controls.
   *
   * @param name the header name
   * @return {@code name}
   */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "header name");
    if (name.isEmpty() || !isToken(name)) {
      throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
    }
    if (containsIgnoringCase(JDK_CONTROLLED, name)) {
      throw new IllegalArgumentException(
          "header " + name + " is set by the HTTP client and cannot be given");
    }
    return name;
  }

  /**
   * Checks that {@code value} holds only characters the JDK's {@code HttpRequest.Builder.header}
   * accepts: Latin-1 (up to U+00FF) without control characters other than horizontal tab (CR, LF,
   * NUL, DEL and the rest are refused). The message names the header and the position and kind of
   * the bad character; it shows the character's code point only when the header is not sensitive,
   * and never the value.
   *
   * @param name the header name, for the message
   * @param value the value
   * @param sensitive whether the value is secret
   * @return {@code value}
   */
  public static String checkValue(String name, String value, boolean sensitive) {
    Objects.requireNonNull(value, () -> "value of header " + name);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String problem = problemWith(c);
      if (problem != null) {
        throw new IllegalArgumentException(
            "value of "
                + (sensitive ? "sensitive header " : "header ")
                + name
                + " contains "
                + problem
                + " at index "
                + i
                + (sensitive ? "" : String.format(Locale.ROOT, " (U+%04X)", value.codePointAt(i)))
                + "; the value is not shown");
      }
    }
    return value;
  }

  /**
   * Returns whether the header {@code name} is sensitive under {@code sensitive}.
   *
   * @param name the header name, any case
   * @param sensitive lower-case names of sensitive headers
   * @return true if its values must never be shown
   */
  public static boolean isSensitive(String name, Set<String> sensitive) {
    return sensitive.contains(name) || containsIgnoringCase(sensitive, name);
  }

  /** Whether {@code names} holds {@code name} in any case (for header names: tokens, ASCII). */
  private static boolean containsIgnoringCase(Set<String> names, String name) {
    for (String each : names) {
      if (each.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String problemWith(char c) {
    if (c == '\r' || c == '\n') {
      return "a line break (CR or LF)";
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      return "a control character";
    }
    if (c > 0xff) {
      return "a character above U+00FF, which HTTP header values cannot carry (often an invisible"
          + " character pasted along with the value)";
    }
    return null;
  }

  /**
   * Returns the value to show for a header: the value itself, or {@link #REDACTED} when the header
   * is sensitive.
   *
   * @param name the header name
   * @param value the real value
   * @param sensitive lower-case names of sensitive headers
   * @return the value safe to show
   */
  public static String shownValue(String name, String value, Set<String> sensitive) {
    return isSensitive(name, sensitive) ? REDACTED : value;
  }

  /**
   * Checks that {@code uri} is an absolute http or https URI without query or fragment, and returns
   * it with a path ending in {@code /}. Messages show the URI without user info, query or fragment,
   * which may hold credentials.
   *
   * @param uri the base URI
   * @return the normalized base URI
   */
  public static URI checkBaseUri(URI uri) {
    Objects.requireNonNull(uri, "baseUri");
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "baseUri must be an absolute http or https URI with a host, was " + shown(uri));
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "baseUri must not have user info, a query or a fragment: " + shown(uri));
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (hasEmptyOrDotSegment(path)) {
      throw new IllegalArgumentException(
          "baseUri path must not contain empty, . or .. segments, was " + path);
    }
    return path.endsWith("/") ? uri : URI.create(uri + "/");
  }

  /**
   * Returns {@code uri} as text without user info, query or fragment (anything before an {@code @}
   * of the authority, or of an opaque URI's part after the scheme, counts as user info), followed
   * by a note when something was left out.
   */
  static String shown(URI uri) {
    StringBuilder text = new StringBuilder();
    if (uri.getScheme() != null) {
      text.append(uri.getScheme()).append(':');
    }
    String full = uri.getRawSchemeSpecificPart();
    if (uri.isOpaque()) {
      text.append(afterLastAt(full.split("\\?", 2)[0]));
    } else {
      String authority = uri.getRawAuthority();
      if (authority != null) {
        text.append("//").append(afterLastAt(authority));
      } else if (full.startsWith("//")) {
        text.append("//");
      }
      text.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    }
    String shown = text.toString();
    return shown.equals(uri.toString())
        ? shown
        : shown + " (user info, query and fragment not shown)";
  }

  private static String afterLastAt(String text) {
    return text.substring(text.lastIndexOf('@') + 1);
  }

  /** A base path such as {@code //} or {@code /a/../b} would make request URLs ambiguous. */
  private static boolean hasEmptyOrDotSegment(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return false;
    }
    String inner = path.substring(1);
    if (inner.endsWith("/")) {
      inner = inner.substring(0, inner.length() - 1);
    }
    for (String segment : inner.split("/", -1)) {
      if (segment.isEmpty() || UrlEncoding.dotSegment(segment) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns an immutable copy of {@code headers} whose lookups ignore case.
   *
   * @param headers header names and values
   * @return the copy
   */
  public static Map<String, String> caseInsensitiveCopy(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return NO_HEADERS;
    }
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    return Collections.unmodifiableMap(copy);
  }

  private static boolean isToken(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
