package dev.asyncflow.trials.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo studies, read once from {@code demo-studies.json} next to this class and shared by every
 * server. Immutable and thread-safe.
 */
final class DemoData {
  private static final String RESOURCE = "demo-studies.json";

  /** The API's NCT id pattern; the number is the digits without leading zeros. */
  private static final Pattern NCT_ID = Pattern.compile("[Nn][Cc][Tt]0*([1-9][0-9]{0,7})");

  private final List<DemoStudy> studies;
  private final Map<String, DemoStudy> byId;

  private DemoData(List<DemoStudy> studies) {
    this.studies = List.copyOf(studies);
    Map<String, DemoStudy> ids = new HashMap<>();
    for (DemoStudy study : studies) {
      String key =
          canonical(study.nctId())
              .orElseThrow(() -> new IllegalStateException("bad demo NCT id " + study.nctId()));
      if (ids.put(key, study) != null) {
        throw new IllegalStateException("two demo studies are " + study.nctId());
      }
    }
    this.byId = Map.copyOf(ids);
  }

  /** Returns the data, reading it on first use. */
  static DemoData get() {
    return Holder.INSTANCE;
  }

  /** Returns every study, in the order search results list them. */
  List<DemoStudy> studies() {
    return studies;
  }

  /**
   * Returns the study with id {@code nctId}, leading zeros and case ignored as the API does.
   *
   * @param nctId such as {@code NCT09900001}
   * @return the study, or empty when there is none or {@code nctId} is not an NCT id
   */
  Optional<DemoStudy> study(String nctId) {
    return canonical(nctId).map(byId::get);
  }

  private static Optional<String> canonical(String nctId) {
    Matcher id = NCT_ID.matcher(nctId);
    return id.matches()
        ? Optional.of(String.format(Locale.ROOT, "NCT%08d", Long.parseLong(id.group(1))))
        : Optional.empty();
  }

  private static DemoData load() {
    JsonNode root;
    try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the demo data resource " + RESOURCE + " is missing");
      }
      root = new ObjectMapper().readTree(in);
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read the demo data " + RESOURCE, unreadable);
    }
    List<DemoStudy> studies = new ArrayList<>();
    root.path("studies").forEach(study -> studies.add(DemoStudy.of(study)));
    if (studies.isEmpty()) {
      throw new IllegalStateException("the demo data " + RESOURCE + " holds no studies");
    }
    return new DemoData(studies);
  }

  /** Reads the data when first asked for, once (the holder-class idiom). */
  private static final class Holder {
    static final DemoData INSTANCE = load();
  }
}
