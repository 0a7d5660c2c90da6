/**
 * Find clinical trials that match a genetic mutation and summarize them.
 *
 * <p>{@link dev.asyncflow.trials.ClinicalTrialsClient} searches ClinicalTrials.gov (API v2) through
 * a flow-http {@link dev.asyncflow.http.ServiceClient} and returns typed, immutable {@link
 * dev.asyncflow.trials.Study} records. {@link dev.asyncflow.trials.TrialSummarizer} turns the
 * studies into a summary, with the Anthropic Messages API or, without a key, locally. {@link
 * dev.asyncflow.trials.QueryTrialsNode} and {@link dev.asyncflow.trials.SummarizeTrialsNode} put
 * both into flows of any shared-state type, and {@link dev.asyncflow.trials.TrialsFlow} is the
 * ready-made flow from a mutation to a summary.
 */
@NullMarked
package dev.asyncflow.trials;

import org.jspecify.annotations.NullMarked;
