package dev.asyncflow.http.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncflow.http.CallInfo;
import dev.asyncflow.http.ResponseDecodeException;
import dev.asyncflow.http.ServiceResponse;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A complete 2xx response with its decoded body. Immutable and thread-safe. */
final class DefaultServiceResponse implements ServiceResponse {
  private final CallInfo call;
  private final int attempts;
  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;
  private final ObjectMapper mapper;
  private final Redactor redactor;

  DefaultServiceResponse(
      CallInfo call,
      int attempts,
      int status,
      HttpHeaders headers,
      byte[] body,
      ObjectMapper mapper,
      Redactor redactor) {
    this.call = call;
    this.attempts = attempts;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.mapper = mapper;
    this.redactor = redactor;
  }

  @Override
  public CallInfo call() {
    return call;
  }

  @Override
  public int attempts() {
    return attempts;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public @Nullable String requestId() {
    return requestIdOf(headers);
  }

  @Override
  public byte[] bytes() {
    return body.clone();
  }

  @Override
  public String text() {
    return new String(body, charsetOf(headers));
  }

  @Override
  public JsonNode json() {
    return decode("a JSON tree", () -> requireContent(mapper.readTree(body)));
  }

  @Override
  public <T> T as(Class<T> type) {
    return decode(type.getName(), () -> mapper.readValue(body, type));
  }

  @Override
  public <T> T as(TypeReference<T> type) {
    return decode(type.getType().getTypeName(), () -> mapper.readValue(body, type));
  }

  @Override
  public String toString() {
    return "ServiceResponse{" + call + ", status=" + status + ", bytes=" + body.length + "}";
  }

  private JsonNode requireContent(@Nullable JsonNode tree) throws IOException {
    if (tree == null || tree.isMissingNode()) {
      throw new IOException("the body is empty");
    }
    return tree;
  }

  /**
   * Runs {@code decoder}; a failure becomes a {@link ResponseDecodeException} whose message holds
   * the parser's reason and position, redacted. The parser's exception is not chained as it is: its
   * own message quotes the offending token, which may be a secret the server echoed, so a redacted
   * copy with the same stack trace is chained instead.
   */
  private <T> T decode(String target, Decoder<T> decoder) {
    try {
      return decoder.decode();
    } catch (IOException | IllegalArgumentException e) {
      throw new ResponseDecodeException(
          "cannot read the body as "
              + target
              + ": "
              + redactor.redact(reasonOf(e))
              + "; body starts: "
              + BodyText.start(body, charsetOf(headers), redactor),
          call,
          attempts,
          redactedCause(e));
    }
  }

  /** A stand-in for the parser's failure that keeps its type family, place and stack trace. */
  private Throwable redactedCause(Exception e) {
    if (!(e instanceof JsonProcessingException json)) {
      return redactor.redactedCopy(e);
    }
    Throwable cause = json.getCause();
    RedactedJsonException copy =
        new RedactedJsonException(
            json.getClass().getName()
                + ": "
                + redactor.redact(firstLine(json.getOriginalMessage())),
            withoutSource(json.getLocation()),
            cause == null ? null : redactor.redactedCopy(cause));
    copy.setStackTrace(json.getStackTrace());
    return copy;
  }

  /** The first line of the parser's own message, and where in the body it stopped. */
  private static String reasonOf(Exception e) {
    if (!(e instanceof JsonProcessingException json)) {
      return firstLine(e.getMessage());
    }
    String reason = firstLine(json.getOriginalMessage());
    JsonLocation at = json.getLocation();
    if (at == null || at.getLineNr() < 1) {
      return reason;
    }
    return reason + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static String firstLine(@Nullable String text) {
    if (text == null) {
      return "unknown error";
    }
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  static @Nullable String requestIdOf(HttpHeaders headers) {
    return headers
        .firstValue("request-id")
        .or(() -> headers.firstValue("x-request-id"))
        .orElse(null);
  }

  static Charset charsetOf(HttpHeaders headers) {
    String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    int at = type.indexOf("charset=");
    if (at < 0) {
      return StandardCharsets.UTF_8;
    }
    String name = type.substring(at + 8).split(";", 2)[0].trim().replace("\"", "");
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException unknown) {
      return StandardCharsets.UTF_8;
    }
  }

  /**
   * Returns {@code at} without its source, which quotes the body when a mapper is configured to
   * include it.
   */
  private static @Nullable JsonLocation withoutSource(@Nullable JsonLocation at) {
    return at == null
        ? null
        : new JsonLocation(
            ContentReference.redacted(),
            at.getByteOffset(),
            at.getCharOffset(),
            at.getLineNr(),
            at.getColumnNr());
  }

  /**
   * A redacted copy of a Jackson failure, still a {@link JsonProcessingException} so that callers
   * can tell a parse failure by the cause's type; its message starts with the original class name.
   */
  static final class RedactedJsonException extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    RedactedJsonException(
        String message, @Nullable JsonLocation location, @Nullable Throwable cause) {
      super(message, location, cause);
    }
  }

  @FunctionalInterface
  private interface Decoder<T> {
    T decode() throws IOException;
  }
}
