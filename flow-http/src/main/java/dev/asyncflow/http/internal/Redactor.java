package dev.asyncflow.http.internal;

import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Removes one call's secrets from response text before it is shown: every occurrence of a value of
 * a sensitive header (from the service's headers and the request's), of the token of an {@code
 * Authorization}-style value {@code Scheme token}, of each value of a {@code name=value; ...} list
 * such as a {@code Cookie} header, and of a value of a sensitive query parameter becomes {@link
 * HeaderRules#REDACTED}. Each secret is searched for as written, JSON-escaped (with and without
 * {@code \/} for {@code /}) and percent-encoded (upper- or lower-case hex, {@code %20} or {@code +}
 * for a space). A server that echoes a rejected key in its error body then cannot carry it into an
 * exception.
 *
 * <p>All secrets are replaced in one pass, longest first, so a marker is never redacted again.
 * Secrets shorter than {@link #MIN_LENGTH} characters are not searched for: replacing every {@code
 * a} of a text would hide the text, not the secret. Immutable and thread-safe.
 */
final class Redactor {
  /** The shortest secret searched for in text. */
  static final int MIN_LENGTH = 4;

  /** A redactor that knows no secrets. */
  static final Redactor NONE = new Redactor(List.of());

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Longest first, so that a token inside a longer value never leaves the rest behind. */
  private final List<String> secrets;

  /** The secrets as alternatives in the same order, or null without secrets. */
  private final @Nullable Pattern pattern;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
    this.pattern =
        secrets.isEmpty()
            ? null
            : Pattern.compile(
                secrets.stream().map(Pattern::quote).collect(Collectors.joining("|")));
  }

  /**
   * Returns the redactor of one call of {@code request} to the service of {@code config}.
   *
   * @param config the service's configuration
   * @param request the request
   * @return the redactor
   */
  static Redactor of(ServiceConfig config, ServiceRequest request) {
    Set<String> values = new TreeSet<>();
    addHeaderSecrets(config.headers(), config, request, values);
    addHeaderSecrets(request.headers(), config, request, values);
    for (Map.Entry<String, String> parameter : request.query()) {
      if (config.sensitiveQueryParameters().contains(parameter.getKey())) {
        values.add(parameter.getValue());
      }
    }
    if (values.isEmpty()) {
      return NONE;
    }
    Set<String> secrets = new TreeSet<>();
    for (String value : values) {
      addForms(value, secrets);
    }
    secrets.removeIf(secret -> secret.length() < MIN_LENGTH);
    List<String> ordered = new ArrayList<>(secrets);
    ordered.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(ordered));
  }

  /** Adds the secrets of the headers sensitive for the service or the request. */
  private static void addHeaderSecrets(
      Map<String, String> headers,
      ServiceConfig config,
      ServiceRequest request,
      Set<String> secrets) {
    headers.forEach(
        (name, value) -> {
          if (HeaderRules.isSensitive(name, config.sensitiveHeaders())
              || HeaderRules.isSensitive(name, request.sensitiveHeaders())) {
            String trimmed = value.trim();
            secrets.add(trimmed);
            int space = trimmed.indexOf(' ');
            if (space > 0) {
              secrets.add(trimmed.substring(space + 1).trim());
            }
            if (trimmed.indexOf('=') > 0) {
              addListValues(trimmed, secrets);
            }
          }
        });
  }

  /** Adds each value of a {@code name=value; name=value} list, quoted and unquoted. */
  private static void addListValues(String list, Set<String> secrets) {
    for (String pair : list.split(";", -1)) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String value = pair.substring(equals + 1).trim();
      secrets.add(value);
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        secrets.add(value.substring(1, value.length() - 1));
      }
    }
  }

  /** Adds {@code value} as written and in the encoded forms a server may echo it in. */
  private static void addForms(String value, Set<String> secrets) {
    secrets.add(value);
    secrets.add(jsonEscaped(value, false));
    secrets.add(jsonEscaped(value, true));
    String encoded = UrlEncoding.encode(value);
    String lower = lowerCaseHex(encoded);
    secrets.add(encoded);
    secrets.add(lower);
    secrets.add(encoded.replace("%20", "+"));
    secrets.add(lower.replace("%20", "+"));
  }

  private static String jsonEscaped(String value, boolean slash) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || (slash && c == '/')) {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Turns the hex digits of each {@code %HH} of {@code encoded} to lower case. */
  private static String lowerCaseHex(String encoded) {
    StringBuilder out = new StringBuilder(encoded);
    for (int i = encoded.indexOf('%'); i >= 0; i = encoded.indexOf('%', i + 1)) {
      for (int j = i + 1; j <= i + 2 && j < out.length(); j++) {
        out.setCharAt(j, Character.toLowerCase(out.charAt(j)));
      }
    }
    return out.toString();
  }

  /**
   * Returns {@code text} with every secret replaced by {@link HeaderRules#REDACTED}, in one pass:
   * where secrets overlap the longest wins, and a marker is never redacted again.
   *
   * @param text response text, or any text that may quote a secret
   * @return the text safe to show
   */
  String redact(String text) {
    return pattern == null
        ? text
        : pattern.matcher(text).replaceAll(Matcher.quoteReplacement(HeaderRules.REDACTED));
  }

  /**
   * Returns a stand-in for {@code failure} to chain or log instead of it: its message is the class
   * name of {@code failure} and its message redacted, it has the same stack trace, and its cause is
   * the stand-in of the cause. Use it where a failure from other code (a parser, a body reader) may
   * quote response text in its own message.
   *
   * @param failure the failure whose message may hold a secret
   * @return a copy safe to show
   */
  Throwable redactedCopy(Throwable failure) {
    return redactedCopy(failure, 0);
  }

  private Throwable redactedCopy(Throwable failure, int depth) {
    Throwable cause = failure.getCause();
    Redacted copy =
        new Redacted(
            failure.getClass().getName() + ": " + redact(String.valueOf(failure.getMessage())),
            cause == null || depth >= 16 ? null : redactedCopy(cause, depth + 1));
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }

  /**
   * Returns the length of the longest secret searched for, so that text cut to a limit can be
   * redacted before the cut.
   *
   * @return the length in chars, 0 without secrets
   */
  int longest() {
    return secrets.isEmpty() ? 0 : secrets.get(0).length();
  }

  @Override
  public String toString() {
    return "Redactor{" + secrets.size() + " secrets}";
  }

  /**
   * A redacted copy of another failure; its message starts with that failure's class name. Not
   * thrown, only chained.
   */
  static final class Redacted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Redacted(String message, @Nullable Throwable cause) {
      super(message, cause, false, true);
    }
  }
}
