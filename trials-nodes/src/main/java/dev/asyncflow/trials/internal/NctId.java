package dev.asyncflow.trials.internal;

import dev.asyncflow.trials.InvalidQueryException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks NCT ids against the API's pattern before any request. */
public final class NctId {
  private static final Pattern PATTERN = Pattern.compile("[Nn][Cc][Tt]0*[1-9][0-9]{0,7}");

  private NctId() {}

  /**
   * Returns {@code id} stripped and in upper case.
   *
   * @param id the id given
   * @return such as {@code "NCT06604689"}
   * @throws InvalidQueryException if it does not match {@code ^NCT0*[1-9]\d{0,7}$}, case ignored
   */
  public static String check(@Nullable String id) {
    if (id == null) {
      throw new InvalidQueryException("nctId", "is missing");
    }
    String stripped = id.strip();
    if (!PATTERN.matcher(stripped).matches()) {
      throw new InvalidQueryException(
          "nctId",
          "must be NCT followed by up to 8 digits, such as NCT06604689, was "
              + SearchText.quote(stripped));
    }
    return stripped.toUpperCase(Locale.ROOT);
  }
}
