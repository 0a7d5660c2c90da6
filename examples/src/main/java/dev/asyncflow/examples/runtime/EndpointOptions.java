package dev.asyncflow.examples.runtime;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every program takes to choose its endpoints: {@code --ctgov-url}, {@code
 * --anthropic-url} and {@code --offline}. Use it as a picocli {@code @Mixin}. Not thread-safe:
 * picocli fills it in once, before the command runs.
 */
public final class EndpointOptions {
  @Option(
      names = "--ctgov-url",
      paramLabel = "URL",
      converter = UrlConverter.class,
      description =
          "ClinicalTrials.gov server root (the API under /api/v2/): a mirror, a proxy or a test"
              + " server. Default: https://clinicaltrials.gov/")
  private @Nullable URI ctgovUrl;

  @Option(
      names = "--anthropic-url",
      paramLabel = "URL",
      converter = UrlConverter.class,
      description = "Anthropic API server root. Default: https://api.anthropic.com")
  private @Nullable URI anthropicUrl;

  @Option(
      names = "--offline",
      description =
          "Search DEMO DATA served in-process on loopback and summarize locally: no network.")
  private boolean offline;

  /**
   * Returns the endpoints the options name.
   *
   * @return the endpoints
   * @throws IllegalArgumentException if {@code --offline} is combined with {@code --ctgov-url}
   */
  public Endpoints endpoints() {
    return new Endpoints(ctgovUrl, anthropicUrl, offline);
  }

  /** Converts an option's text with {@link Endpoints#parseUrl(String, String)}. */
  static final class UrlConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      try {
        return Endpoints.parseUrl("URL", value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("not an http(s) URL with a host: \"" + value + "\"");
      }
    }
  }
}
