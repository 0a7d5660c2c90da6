/**
 * asyncflow trials-nodes: a ClinicalTrials.gov (API v2) client, Anthropic and local summarizers,
 * and flow-core nodes that find clinical trials for a genetic mutation and summarize them.
 *
 * <p>Only {@code dev.asyncflow.trials} is exported; {@code dev.asyncflow.trials.internal} is not.
 */
module dev.asyncflow.trials {
  requires static org.jspecify;
  requires transitive dev.asyncflow.core;
  requires transitive dev.asyncflow.http;

  exports dev.asyncflow.trials;
}
