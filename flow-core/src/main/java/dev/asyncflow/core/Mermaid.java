package dev.asyncflow.core;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a flow as Mermaid {@code flowchart} text: one box per node, nested flows as subgraphs,
 * named actions as edge labels (the default action is unlabelled).
 */
final class Mermaid {
  private final Map<BaseNode<?>, String> ids = new IdentityHashMap<>();
  private final Map<String, BaseNode<?>> declared = new LinkedHashMap<>();
  private final StringBuilder out = new StringBuilder("flowchart TD\n");

  private Mermaid() {}

  static String render(BaseNode<?> flow) {
    Graph.validate(flow, false);
    Mermaid mermaid = new Mermaid();
    mermaid.contents(flow, "  ");
    mermaid.declared.forEach((id, node) -> mermaid.edges(node, id));
    return mermaid.out.toString();
  }

  private void contents(BaseNode<?> flow, String indent) {
    BaseNode<?> start = flow.descriptor().startNode();
    if (start == null) {
      return;
    }
    for (BaseNode<?> node : Graph.reachable(start)) {
      declare(node, indent);
    }
  }

  private void declare(BaseNode<?> node, String indent) {
    if (ids.containsKey(node)) {
      return;
    }
    boolean isFlow = node.descriptor().isFlow;
    String id = (isFlow ? "flow" : "node") + (ids.size() + 1);
    ids.put(node, id);
    declared.put(id, node);
    if (isFlow) {
      out.append(indent).append("subgraph ").append(id).append(label(node)).append('\n');
      contents(node, indent + "  ");
      out.append(indent).append("end\n");
    } else {
      out.append(indent).append(id).append(label(node)).append('\n');
    }
  }

  private void edges(BaseNode<?> from, String fromId) {
    from.successors()
        .forEach(
            (action, to) -> {
              String arrow =
                  BaseNode.DEFAULT_ACTION.equals(action) ? " --> " : " -->|" + quote(action) + "| ";
              out.append("  ").append(fromId).append(arrow).append(ids.get(to)).append('\n');
            });
  }

  private static String label(BaseNode<?> node) {
    return "[" + quote(node.name()) + "]";
  }

  private static String quote(String text) {
    return '"' + text.replace("\"", "#quot;") + '"';
  }
}
