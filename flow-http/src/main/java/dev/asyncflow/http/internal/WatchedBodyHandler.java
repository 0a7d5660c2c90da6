package dev.asyncflow.http.internal;

import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Collects a body as bytes and keeps what its exchange's read timeout needs: whether the headers
 * have arrived, when bytes last arrived and whether the body has ended; {@link #stopReading()}
 * cancels a stalled body, which the JDK alone would wait for forever. It reports the arrival of the
 * headers and reports the whole response as soon as its body is complete. One instance serves one
 * attempt.
 *
 * <p>Reporting the response from the body, rather than through the future of {@code sendAsync},
 * keeps the JDK's hop to {@code CompletableFuture}'s default executor out of the call's path: on
 * JDK 17 with fewer than three processors that executor starts a new thread per task.
 */
final class WatchedBodyHandler implements BodyHandler<byte[]> {
  private final LongSupplier clock;
  private final IntConsumer onHeaders;
  private final Consumer<ReceivedResponse> onResponse;
  private volatile boolean headersArrived;
  private volatile long lastActivity;
  private volatile boolean ended;
  private volatile Flow.@Nullable Subscription subscription;

  /**
   * Creates the handler.
   *
   * @param clock the scheduler's time
   * @param onHeaders told the status when the headers arrive, once they count as arrived
   * @param onResponse told the response once its body is complete, on the thread completing it
   */
  WatchedBodyHandler(
      LongSupplier clock, IntConsumer onHeaders, Consumer<ReceivedResponse> onResponse) {
    this.clock = clock;
    this.onHeaders = onHeaders;
    this.onResponse = onResponse;
  }

  @Override
  public BodySubscriber<byte[]> apply(ResponseInfo info) {
    lastActivity = clock.getAsLong();
    headersArrived = true;
    onHeaders.accept(info.statusCode());
    BodySubscriber<byte[]> bytes = BodySubscribers.ofByteArray();
    Futures.whenDone(
        bytes.getBody().toCompletableFuture(),
        (body, failure) -> {
          if (body != null) {
            onResponse.accept(new ReceivedResponse(info.statusCode(), info.headers(), body));
          }
        });
    return new Watching(bytes);
  }

  /** Whether the response headers have arrived. */
  boolean headersArrived() {
    return headersArrived;
  }

  /** When the headers or the last body bytes arrived, in the clock's nanoseconds. */
  long lastActivity() {
    return lastActivity;
  }

  /** Whether the body has been read to its end or has failed. */
  boolean ended() {
    return ended;
  }

  /** Cancels the body subscription, if there is one yet, so that the JDK aborts the exchange. */
  void stopReading() {
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
  }

  private final class Watching implements BodySubscriber<byte[]> {
    private final BodySubscriber<byte[]> delegate;

    Watching(BodySubscriber<byte[]> delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      delegate.onSubscribe(s);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      lastActivity = clock.getAsLong();
      delegate.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      ended = true;
      delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
      ended = true;
      delegate.onComplete();
    }
  }
}
