package dev.asyncflow.trials.demo;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A parsed Essie expression: phrases combined with AND, OR, NOT and AREA[...]. Immutable. */
sealed interface Expression {
  /**
   * Returns whether {@code text} satisfies the expression.
   *
   * @param text what is searched
   * @param scope the areas a phrase outside any {@code AREA[...]} searches
   * @return whether it matches
   */
  boolean matches(Searchable text, Set<Area> scope);

  /** A quoted phrase (or one bare word): its words must occur together, in order. */
  record Phrase(List<String> words) implements Expression {
    @Override
    public boolean matches(Searchable text, Set<Area> scope) {
      return text.contains(scope, words);
    }
  }

  /** {@code AREA[name]} applied to what follows it: the inner expression searches that area. */
  record InArea(Area area, Expression inner) implements Expression {
    @Override
    public boolean matches(Searchable text, Set<Area> scope) {
      return inner.matches(text, EnumSet.of(area));
    }
  }

  /** Both operands match. */
  record And(Expression left, Expression right) implements Expression {
    @Override
    public boolean matches(Searchable text, Set<Area> scope) {
      return left.matches(text, scope) && right.matches(text, scope);
    }
  }

  /** Either operand matches. */
  record Or(Expression left, Expression right) implements Expression {
    @Override
    public boolean matches(Searchable text, Set<Area> scope) {
      return left.matches(text, scope) || right.matches(text, scope);
    }
  }

  /** The operand does not match. */
  record Not(Expression operand) implements Expression {
    @Override
    public boolean matches(Searchable text, Set<Area> scope) {
      return !operand.matches(text, scope);
    }
  }
}
