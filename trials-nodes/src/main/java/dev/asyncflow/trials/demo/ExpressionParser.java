package dev.asyncflow.trials.demo;

import java.util.List;

/**
 * Parses the part of the Essie query syntax the demo server understands:
 *
 * <pre>
 * expression := and ("OR" and)*
 * and        := unary (["AND"] unary)*        adjacent operands are joined by AND
 * unary      := "NOT" unary | primary
 * primary    := "(" expression ")" | "AREA[" name "]" primary | quoted | word
 * quoted     := '"' characters '"'            a backslash takes the next character literally
 * word       := characters other than spaces and ( ) [ ] " \
 * </pre>
 *
 * Operators are upper case. Anything else, such as {@code RANGE[...]}, {@code SEARCH[...]} or an
 * unknown area, is refused with {@link BadRequestException}. Used once per expression.
 */
final class ExpressionParser {
  private static final int MAX_DEPTH = 64;
  private static final String NOT_IN_WORDS = "()[]\"\\";

  private final String parameter;
  private final String text;
  private int position;
  private int depth;

  private ExpressionParser(String parameter, String text) {
    this.parameter = parameter;
    this.text = text;
  }

  /**
   * Parses {@code text}.
   *
   * @param parameter the parameter it came in, for error messages
   * @param text the expression
   * @return the parsed expression
   * @throws BadRequestException if it is empty or not in the syntax above
   */
  static Expression parse(String parameter, String text) {
    ExpressionParser parser = new ExpressionParser(parameter, text);
    Expression expression = parser.or();
    parser.skipSpaces();
    if (!parser.atEnd()) {
      throw parser.error("unexpected " + parser.describeNext());
    }
    return expression;
  }

  private Expression or() {
    Expression left = and();
    while (take("OR")) {
      left = new Expression.Or(left, and());
    }
    return left;
  }

  private Expression and() {
    Expression left = unary();
    while (take("AND") || startsOperand()) {
      left = new Expression.And(left, unary());
    }
    return left;
  }

  private Expression unary() {
    return take("NOT") ? new Expression.Not(unary()) : primary();
  }

  private Expression primary() {
    skipSpaces();
    if (atEnd()) {
      throw error(position == 0 ? "the expression is empty" : "a phrase is missing at the end");
    }
    char next = text.charAt(position);
    if (next == '(') {
      return group();
    }
    if (next == '"') {
      return quoted();
    }
    if (text.startsWith("AREA[", position)) {
      return area();
    }
    if (isWordCharacter(next)) {
      return word();
    }
    throw error("unexpected " + describeNext());
  }

  private Expression group() {
    if (++depth > MAX_DEPTH) {
      throw error("parentheses nest deeper than " + MAX_DEPTH);
    }
    int open = position++;
    Expression inner = or();
    skipSpaces();
    if (atEnd() || text.charAt(position) != ')') {
      throw error("the parenthesis at character " + (open + 1) + " is not closed");
    }
    position++;
    depth--;
    return inner;
  }

  private Expression area() {
    int start = position + "AREA[".length();
    int close = text.indexOf(']', start);
    if (close < 0) {
      throw error("AREA[ is not closed by ]");
    }
    Area area = Area.named(text.substring(start, close).strip());
    position = close + 1;
    return new Expression.InArea(area, primary());
  }

  private Expression quoted() {
    int open = position++;
    StringBuilder phrase = new StringBuilder();
    while (true) {
      if (atEnd()) {
        throw error("the quote at character " + (open + 1) + " is not closed");
      }
      char c = text.charAt(position++);
      if (c == '"') {
        return phrase(phrase.toString());
      }
      if (c == '\\') {
        if (atEnd()) {
          throw error("a backslash ends the expression");
        }
        c = text.charAt(position++);
      }
      phrase.append(c);
    }
  }

  private Expression word() {
    int start = position;
    while (!atEnd() && isWordCharacter(text.charAt(position))) {
      position++;
    }
    return phrase(text.substring(start, position));
  }

  private Expression phrase(String phrase) {
    List<String> words = Words.of(phrase);
    if (words.isEmpty()) {
      throw error("the phrase \"" + phrase + "\" has no letters or digits to search for");
    }
    return new Expression.Phrase(words);
  }

  /** Consumes the operator {@code keyword} if it comes next as a whole word. */
  private boolean take(String keyword) {
    skipSpaces();
    if (!isKeywordNext(keyword)) {
      return false;
    }
    position += keyword.length();
    return true;
  }

  private boolean isKeywordNext(String keyword) {
    int end = position + keyword.length();
    return text.startsWith(keyword, position)
        && (end == text.length() || !isWordCharacter(text.charAt(end)));
  }

  /** Whether an operand comes next, to be joined to the one before by an implicit AND. */
  private boolean startsOperand() {
    skipSpaces();
    if (atEnd() || isKeywordNext("OR")) {
      return false;
    }
    char next = text.charAt(position);
    return next == '(' || next == '"' || isWordCharacter(next);
  }

  private static boolean isWordCharacter(char c) {
    return !Character.isWhitespace(c) && NOT_IN_WORDS.indexOf(c) < 0;
  }

  private void skipSpaces() {
    while (!atEnd() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private boolean atEnd() {
    return position >= text.length();
  }

  private String describeNext() {
    return "'" + text.charAt(position) + "' at character " + (position + 1);
  }

  private BadRequestException error(String problem) {
    return new BadRequestException("Invalid " + parameter + " expression: " + problem);
  }
}
