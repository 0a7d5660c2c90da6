/**
 * asyncflow trials-nodes: a ClinicalTrials.gov (API v2) client, Anthropic and local summarizers,
 * and flow-core nodes that find clinical trials for a genetic mutation and summarize them.
 *
 * <p>{@code dev.asyncflow.trials} is the API; {@code dev.asyncflow.trials.demo} holds {@code
 * DemoTrialsServer}, an in-process stand-in for ClinicalTrials.gov that serves synthetic demo
 * studies on the loopback interface (for offline runs, examples and tests). {@code
 * dev.asyncflow.trials.internal} is not exported.
 */
module dev.asyncflow.trials {
  requires static org.jspecify;
  requires transitive dev.asyncflow.core;
  requires transitive dev.asyncflow.http;
  requires jdk.httpserver;

  exports dev.asyncflow.trials;
  exports dev.asyncflow.trials.demo;
}
