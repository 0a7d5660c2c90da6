package dev.asyncflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncflow.core.NodeDescriptor.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each node class describes itself to the engine as what it is, once. */
class NodeDescriptorTest {

  private static final RetryPolicy THREE_ATTEMPTS = RetryPolicy.fixed(3, Duration.ofMillis(10));
  private static final ParallelPolicy FOUR_AT_ONCE = ParallelPolicy.maxConcurrency(4);

  @Test
  void nodes_describeTheirKindTimingAndRetryPolicy() {
    assertDescribed(new Node<Object, Object, Object>(THREE_ATTEMPTS) {}, Kind.NODE, false);
    assertDescribed(
        new BatchNode<Object, Object, Object>(THREE_ATTEMPTS) {}, Kind.BATCH_NODE, false);
    assertDescribed(new AsyncNode<Object, Object, Object>(THREE_ATTEMPTS) {}, Kind.NODE, true);
    assertDescribed(
        new AsyncBatchNode<Object, Object, Object>(THREE_ATTEMPTS) {}, Kind.BATCH_NODE, true);
  }

  @Test
  void sequentialBatches_runOneItemAtATime_parallelOnes_asTheirPolicySays() {
    assertThat(new AsyncBatchNode<Object, Object, Object>() {}.descriptor().parallelPolicy)
        .isEqualTo(ParallelPolicy.maxConcurrency(1));
    NodeDescriptor<Object> parallel =
        new AsyncParallelBatchNode<Object, Object, Object>(
            THREE_ATTEMPTS, FOUR_AT_ONCE) {}.descriptor();
    assertThat(parallel.kind).isEqualTo(Kind.BATCH_NODE);
    assertThat(parallel.async).isTrue();
    assertThat(parallel.retryPolicy).isSameAs(THREE_ATTEMPTS);
    assertThat(parallel.parallelPolicy).isSameAs(FOUR_AT_ONCE);
  }

  @Test
  void flows_describeTheirKindAndAreNeverRetried() {
    assertFlow(new Flow<>(), Kind.FLOW, false, ParallelPolicy.maxConcurrency(1));
    assertFlow(new BatchFlow<>(), Kind.BATCH_FLOW, false, ParallelPolicy.maxConcurrency(1));
    assertFlow(new AsyncFlow<>(), Kind.FLOW, true, ParallelPolicy.maxConcurrency(1));
    assertFlow(new AsyncBatchFlow<>(), Kind.BATCH_FLOW, true, ParallelPolicy.maxConcurrency(1));
    assertFlow(new AsyncParallelBatchFlow<>(FOUR_AT_ONCE), Kind.BATCH_FLOW, true, FOUR_AT_ONCE);
  }

  @Test
  void flowDescriptor_readsTheCurrentStartNode() {
    Flow<Object> flow = new Flow<>();
    NodeDescriptor<Object> descriptor = flow.descriptor();
    assertThat(descriptor.startNode()).isNull();

    Node<Object, Object, Object> start = new Node<>() {};
    flow.start(start);

    assertThat(descriptor.startNode()).isSameAs(start);
    assertThat(start.descriptor().startNode()).isNull();
  }

  @Test
  void descriptor_isBuiltOncePerNode() {
    Node<Object, Object, Object> node = new Node<>() {};

    assertThat(node.descriptor()).isSameAs(node.descriptor());
    assertThat(node.descriptor().node).isSameAs(node);
  }

  private static void assertDescribed(ExecNode<Object> node, Kind kind, boolean async) {
    NodeDescriptor<Object> descriptor = node.descriptor();
    assertThat(descriptor.kind).isEqualTo(kind);
    assertThat(descriptor.isFlow).isFalse();
    assertThat(descriptor.async).isEqualTo(async);
    assertThat(descriptor.retryPolicy).isSameAs(THREE_ATTEMPTS);
  }

  private static void assertFlow(
      FlowBase<Object> flow, Kind kind, boolean async, ParallelPolicy parallelPolicy) {
    NodeDescriptor<Object> descriptor = flow.descriptor();
    assertThat(descriptor.kind).isEqualTo(kind);
    assertThat(descriptor.isFlow).isTrue();
    assertThat(descriptor.async).isEqualTo(async);
    assertThat(descriptor.retryPolicy).isEqualTo(RetryPolicy.none());
    assertThat(descriptor.parallelPolicy).isEqualTo(parallelPolicy);
  }
}
