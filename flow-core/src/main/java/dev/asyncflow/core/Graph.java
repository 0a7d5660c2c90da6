package dev.asyncflow.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Walking flow graphs: successor lookup with PocketFlow's warnings, and validation. */
final class Graph {
  static final System.Logger LOG = System.getLogger("dev.asyncflow.core");

  private Graph() {}

  /**
   * Returns the successor of {@code node} for {@code action}, null and "" meaning the default.
   * Warns, as PocketFlow does, when the node has successors but none for this action.
   */
  static <S> @Nullable BaseNode<S> successor(
      BaseNode<S> flow, BaseNode<S> node, @Nullable String action) {
    BaseNode<S> next = node.successor(action);
    if (next == null && !node.successors().isEmpty()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Flow ''{0}'' ends: action ''{1}'' of node ''{2}'' has no successor; known actions: {3}",
          flow.name(),
          BaseNode.normalize(action),
          node.name(),
          node.successors().keySet());
    }
    return next;
  }

  static FlowDefinitionException noStartNode(BaseNode<?> flow) {
    return new FlowDefinitionException(
        "Flow '" + flow.name() + "' has no start node; call start(node) or pass one");
  }

  /**
   * Checks a flow before a run: every flow, nested ones included, has a start node; no flow
   * contains itself; and no synchronous flow, nor a synchronous run, holds an asynchronous node.
   */
  static void validate(BaseNode<?> root, boolean synchronous) {
    new Validator().visit(root, synchronous, new ArrayList<>());
  }

  /** Returns the nodes reachable from {@code start} through successors, in discovery order. */
  static List<BaseNode<?>> reachable(BaseNode<?> start) {
    Set<BaseNode<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<BaseNode<?>> order = new ArrayList<>();
    Deque<BaseNode<?>> queue = new ArrayDeque<>();
    queue.add(start);
    seen.add(start);
    while (!queue.isEmpty()) {
      BaseNode<?> node = queue.poll();
      order.add(node);
      for (BaseNode<?> next : node.successors().values()) {
        if (seen.add(next)) {
          queue.add(next);
        }
      }
    }
    return order;
  }

  private static final class Validator {
    private final Set<BaseNode<?>> checked = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Visits a node; {@code synchronous} says whether it sits in a synchronous flow. */
    void visit(BaseNode<?> node, boolean synchronous, List<BaseNode<?>> enclosing) {
      NodeDescriptor<?> descriptor = node.descriptor();
      if (synchronous && descriptor.async) {
        throw new FlowDefinitionException(
            "Node '"
                + node.name()
                + "' is asynchronous and cannot run in a synchronous Flow;"
                + " use AsyncFlow");
      }
      if (!descriptor.isFlow) {
        return;
      }
      if (enclosing.contains(node)) {
        throw new FlowDefinitionException(
            "Flow '" + node.name() + "' contains itself: " + path(enclosing, node));
      }
      BaseNode<?> start = descriptor.startNode();
      if (start == null) {
        throw noStartNode(node);
      }
      if (!checked.add(node)) {
        return;
      }
      enclosing.add(node);
      for (BaseNode<?> inner : reachable(start)) {
        visit(inner, !descriptor.async, enclosing);
      }
      enclosing.remove(enclosing.size() - 1);
    }

    private static String path(List<BaseNode<?>> enclosing, BaseNode<?> again) {
      int from = enclosing.indexOf(again);
      List<String> names = new ArrayList<>();
      for (BaseNode<?> flow : enclosing.subList(from, enclosing.size())) {
        names.add(flow.name());
      }
      names.add(again.name());
      return names.stream().collect(Collectors.joining(" -> "));
    }
  }
}
