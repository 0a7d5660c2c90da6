package dev.asyncflow.trials.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into words, the way phrases are compared: a word is a run of letters and digits,
 * compared in lower case; everything else (spaces, punctuation, line breaks) only separates words.
 * So {@code "EGFR L858R"}, {@code "egfr l858r"} and {@code "EGFR-L858R"} are the same words.
 */
final class Words {
  private Words() {}

  /**
   * Returns the words of {@code text}.
   *
   * @param text any text
   * @return its words in order, lower case; empty when it has no letters or digits
   */
  static List<String> of(String text) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean inWord = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
      if (inWord && start < 0) {
        start = i;
      } else if (!inWord && start >= 0) {
        words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
        start = -1;
      }
    }
    return Collections.unmodifiableList(words);
  }

  /**
   * Returns whether {@code phrase} occurs in {@code text} as consecutive words.
   *
   * @param text the words of the text searched
   * @param phrase the words of the phrase, at least one
   * @return whether they occur together and in order
   */
  static boolean contain(List<String> text, List<String> phrase) {
    return !phrase.isEmpty() && Collections.indexOfSubList(text, phrase) >= 0;
  }
}
