package dev.asyncflow.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Flow} and {@link AsyncFlow} share: the start node and Mermaid export. Not public:
 * users extend the two flows.
 *
 * @param <S> the shared store type
 */
abstract class FlowBase<S> extends BaseNode<S> {
  private volatile @Nullable BaseNode<S> startNode;

  FlowBase() {}

  FlowBase(BaseNode<S> start) {
    this.startNode = Objects.requireNonNull(start, "start");
  }

  /**
   * Sets the first node to run.
   *
   * @param start the first node
   * @param <N> the node's type
   * @return {@code start}, so that wiring can go on from it
   */
  public final <N extends BaseNode<S>> N start(N start) {
    this.startNode = Objects.requireNonNull(start, "start");
    return start;
  }

  /**
   * Returns the first node to run.
   *
   * @return the start node, or null if none is set yet
   */
  public final @Nullable BaseNode<S> startNode() {
    return startNode;
  }

  /**
   * Returns the flow's graph as Mermaid {@code flowchart} text, nested flows as subgraphs.
   *
   * @return the Mermaid source
   * @throws FlowDefinitionException if a flow has no start node or contains itself
   */
  public final String toMermaid() {
    return Mermaid.render(this);
  }
}
