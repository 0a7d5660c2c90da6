package dev.asyncflow.examples.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where a program finds its two remote services. Immutable and thread-safe.
 *
 * @param ctgovUrl the ClinicalTrials.gov server root (the API under {@code /api/v2/}), or null for
 *     the public server
 * @param anthropicUrl the Anthropic API server root, or null for the public server
 * @param offline whether to search the demo data served in-process on loopback instead of any
 *     ClinicalTrials.gov server, and summarize locally
 */
public record Endpoints(@Nullable URI ctgovUrl, @Nullable URI anthropicUrl, boolean offline) {

  /**
   * Checks that {@code offline} is not combined with a ClinicalTrials.gov URL.
   *
   * @param ctgovUrl see the record's component
   * @param anthropicUrl see the record's component
   * @param offline see the record's component
   * @throws IllegalArgumentException if {@code offline} is set together with {@code ctgovUrl}
   */
  public Endpoints {
    if (offline && ctgovUrl != null) {
      throw new IllegalArgumentException(
          "--offline and --ctgov-url exclude each other: --offline serves demo data itself");
    }
  }

  /**
   * Returns the public endpoints.
   *
   * @return endpoints with no URL set, online
   */
  public static Endpoints publicApis() {
    return new Endpoints(null, null, false);
  }

  /**
   * Returns the offline endpoints: demo data on loopback, local summaries.
   *
   * @return endpoints with no URL set, offline
   */
  public static Endpoints demo() {
    return new Endpoints(null, null, true);
  }

  /**
   * Parses a server root given on the command line.
   *
   * @param option the option's name, for the message, such as {@code --ctgov-url}
   * @param text the option's value
   * @return the URI, with a trailing slash added when its path is empty
   * @throws IllegalArgumentException naming the option and the value if it is not an absolute
   *     {@code http} or {@code https} URL with a host and without query or fragment
   */
  public static URI parseUrl(String option, String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw notAUrl(option, text);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw notAUrl(option, text);
    }
    return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri;
  }

  private static IllegalArgumentException notAUrl(String option, String text) {
    return new IllegalArgumentException(
        option + ": not an http(s) URL with a host: \"" + text + "\"");
  }
}
