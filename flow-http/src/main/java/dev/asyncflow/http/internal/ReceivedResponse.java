package dev.asyncflow.http.internal;

import java.net.http.HttpHeaders;

/**
 * A response as one attempt received it: status, headers and the raw (possibly gzip) body. The body
 * array is shared, not copied: nothing writes to it.
 */
final class ReceivedResponse {
  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;

  ReceivedResponse(int status, HttpHeaders headers, byte[] body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  int status() {
    return status;
  }

  HttpHeaders headers() {
    return headers;
  }

  byte[] body() {
    return body;
  }
}
