package dev.asyncflow.http.internal;

import dev.asyncflow.http.HttpScheduler;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Collects a body as bytes and watches it: reports the arrival of the headers, reports the whole
 * response as soon as its body is complete, and when no bytes arrive for longer than the read
 * timeout, cancels the body subscription and reports the stall. The JDK alone would wait forever
 * for a stalled body. One instance serves one attempt.
 *
 * <p>Reporting the response from the body, rather than through the future of {@code sendAsync},
 * keeps the JDK's hop to {@code CompletableFuture}'s default executor out of the call's path: on
 * JDK 17 with fewer than three processors that executor starts a new thread per task.
 */
final class WatchedBodyHandler implements BodyHandler<byte[]> {
  private final WorkerScheduler scheduler;
  private final long readTimeoutNanos;
  private final IntConsumer onHeaders;
  private final Runnable onStall;
  private final Consumer<ReceivedResponse> onResponse;
  private volatile long lastActivity;
  private volatile Flow.@Nullable Subscription subscription;
  private volatile HttpScheduler.@Nullable Cancellable watch;
  private volatile boolean finished;

  /**
   * Creates the handler.
   *
   * @param scheduler the timer and clock
   * @param readTimeout the longest allowed pause between body bytes
   * @param onHeaders told the status when the headers arrive
   * @param onStall run once when the body stalls
   * @param onResponse told the response once its body is complete, on the thread completing it
   */
  WatchedBodyHandler(
      WorkerScheduler scheduler,
      Duration readTimeout,
      IntConsumer onHeaders,
      Runnable onStall,
      Consumer<ReceivedResponse> onResponse) {
    this.scheduler = scheduler;
    this.readTimeoutNanos = Checks.saturatedNanos(readTimeout);
    this.onHeaders = onHeaders;
    this.onStall = onStall;
    this.onResponse = onResponse;
  }

  @Override
  public BodySubscriber<byte[]> apply(ResponseInfo info) {
    lastActivity = scheduler.nanoTime();
    onHeaders.accept(info.statusCode());
    watchFor(readTimeoutNanos);
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

  /** Stops watching; called when the attempt ends for any reason. */
  void stop() {
    finished = true;
    HttpScheduler.Cancellable scheduled = watch;
    if (scheduled != null) {
      scheduled.cancel();
    }
  }

  private void watchFor(long nanos) {
    if (!finished) {
      HttpScheduler.Cancellable scheduled =
          scheduler.schedule(Duration.ofNanos(nanos), this::check);
      watch = scheduled;
      if (finished) {
        scheduled.cancel(); // stop() ran meanwhile and cancelled the previous watch only
      }
    }
  }

  private void check() {
    if (finished) {
      return;
    }
    long idle = scheduler.nanoTime() - lastActivity;
    if (idle < readTimeoutNanos) {
      watchFor(readTimeoutNanos - idle);
      return;
    }
    finished = true;
    // Report first: cancelling makes the JDK fail the exchange, on this very thread on some JDKs,
    // and that failure must not overtake the read timeout.
    onStall.run();
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
      lastActivity = scheduler.nanoTime();
      delegate.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      stop();
      delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
      stop();
      delegate.onComplete();
    }
  }
}
