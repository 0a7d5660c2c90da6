package dev.asyncflow.trials.internal;

import static dev.asyncflow.trials.internal.SummaryInputs.oneLine;

import dev.asyncflow.trials.OverallStatus;
import dev.asyncflow.trials.Phase;
import dev.asyncflow.trials.Study;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The Markdown of the local summary: trials grouped by phase, then by overall status, one bullet
 * each. Deterministic: the same arguments give the same text.
 *
 * <p>Phase groups follow the API's order (EARLY_PHASE1, PHASE1, PHASE2, PHASE3, PHASE4, NA). A
 * study listing several phases forms a combined group, such as "Phase 1/Phase 2", placed right
 * after the group of its earliest phase; phase values this version does not know come after NA,
 * named by their raw value; studies without phases come last. Status groups follow {@link
 * OverallStatus}'s order, then unknown values, then studies without a status. Within a group,
 * studies keep their input order.
 */
public final class LocalMarkdown {
  /** The line that says how the summary was made. */
  public static final String NOTICE =
      "_Summary made locally, without a language model: set ANTHROPIC_API_KEY for an AI-written"
          + " summary._";

  private LocalMarkdown() {}

  /**
   * Returns the local summary of {@code studies}.
   *
   * @param mutation the searched text
   * @param studies at least one study
   * @return the Markdown text
   */
  public static String render(String mutation, List<Study> studies) {
    StringBuilder text = new StringBuilder("# Clinical trials for ");
    text.append(escape(mutation)).append(": ").append(trials(studies.size())).append("\n\n");
    text.append(NOTICE).append('\n');
    grouped(studies, PhaseGroup::of, PhaseGroup.ORDER)
        .forEach((group, members) -> appendPhase(text, group, members));
    return text.toString();
  }

  private static void appendPhase(StringBuilder text, PhaseGroup group, List<Study> members) {
    text.append("\n## ").append(escape(group.label()));
    text.append(" (").append(trials(members.size())).append(")\n");
    grouped(members, StatusGroup::of, StatusGroup.ORDER)
        .forEach((status, studies) -> appendStatus(text, status, studies));
  }

  private static void appendStatus(StringBuilder text, StatusGroup status, List<Study> members) {
    text.append("\n### ").append(escape(status.label())).append("\n\n");
    members.forEach(study -> text.append(bullet(study)).append('\n'));
  }

  private static String bullet(Study study) {
    StringBuilder line = new StringBuilder("- [").append(study.nctId()).append("](");
    line.append(study.url()).append(") ").append(escape(study.title()));
    String sponsor = study.leadSponsor();
    if (sponsor != null && !sponsor.isBlank()) {
      line.append(" — ").append(escape(sponsor));
    }
    if (study.exclusionOnly()) {
      line.append(" (names the searched mutation only in its exclusion criteria)");
    }
    return line.toString();
  }

  private static String trials(int count) {
    return count == 1 ? "1 trial" : count + " trials";
  }

  private static <K> Map<K, List<Study>> grouped(
      List<Study> studies, Function<Study, K> key, Comparator<K> order) {
    Map<K, List<Study>> groups = new TreeMap<>(order);
    studies.forEach(
        study -> groups.computeIfAbsent(key.apply(study), k -> new ArrayList<>()).add(study));
    return groups;
  }

  /**
   * Returns {@code text} on one line with the characters that Markdown would read as formatting
   * ({@code \ ` * _ [ ] < >}) escaped with a backslash.
   *
   * @param text any text
   * @return the escaped text
   */
  public static String escape(String text) {
    StringBuilder escaped = new StringBuilder();
    for (char c : oneLine(text).toCharArray()) {
      if ("\\`*_[]<>".indexOf(c) >= 0) {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  /** One phase value of a study: a phase this version knows, or else the raw value. */
  private record PhaseKey(@Nullable Phase phase, String value) {
    /** Known phases in their order, then raw values in alphabetical order. */
    static final Comparator<PhaseKey> ORDER =
        Comparator.comparing(PhaseKey::phase, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PhaseKey::value);

    static PhaseKey of(String raw) {
      Phase phase = Phase.fromApi(raw).orElse(null);
      return new PhaseKey(phase, phase == null ? oneLine(raw) : phase.name());
    }

    String label() {
      return phase == null ? value : phase.label();
    }
  }

  /** The distinct phases of a study, in order; empty when the study lists none. */
  private record PhaseGroup(List<PhaseKey> keys) {
    /** Groups compare phase by phase; a group before one that extends it; no phases last. */
    static final Comparator<PhaseGroup> ORDER = PhaseGroup::compare;

    static PhaseGroup of(Study study) {
      return new PhaseGroup(
          study.phases().stream()
              .filter(value -> !value.isBlank())
              .map(PhaseKey::of)
              .distinct()
              .sorted(PhaseKey.ORDER)
              .toList());
    }

    String label() {
      if (keys.isEmpty()) {
        return "Phase not listed";
      }
      return String.join("/", keys.stream().map(PhaseKey::label).toList());
    }

    private static int compare(PhaseGroup a, PhaseGroup b) {
      if (a.keys.isEmpty() || b.keys.isEmpty()) {
        return Boolean.compare(a.keys.isEmpty(), b.keys.isEmpty());
      }
      for (int i = 0; i < Math.min(a.keys.size(), b.keys.size()); i++) {
        int order = PhaseKey.ORDER.compare(a.keys.get(i), b.keys.get(i));
        if (order != 0) {
          return order;
        }
      }
      return Integer.compare(a.keys.size(), b.keys.size());
    }
  }

  /**
   * A study's overall status: one this version knows, else the raw value, else none (both null).
   */
  private record StatusGroup(@Nullable OverallStatus status, @Nullable String value) {
    /** Known statuses in their order, then raw values in alphabetical order, then none. */
    static final Comparator<StatusGroup> ORDER =
        Comparator.comparing(StatusGroup::status, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(StatusGroup::value, Comparator.nullsLast(Comparator.naturalOrder()));

    static StatusGroup of(Study study) {
      String raw = study.overallStatus();
      if (raw == null || raw.isBlank()) {
        return new StatusGroup(null, null);
      }
      OverallStatus status = OverallStatus.fromApi(raw).orElse(null);
      return new StatusGroup(status, status == null ? oneLine(raw) : null);
    }

    String label() {
      if (status != null) {
        return status.label();
      }
      return value == null ? "Status not listed" : value;
    }
  }
}
