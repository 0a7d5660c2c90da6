/**
 * What every example program sets up the same way: the endpoints it talks to, the services built on
 * them (one HTTP client manager, the ClinicalTrials.gov client with a process-wide cache, the
 * summarizer), the offline demo server, and the JVM tuning an application does for itself.
 */
@NullMarked
package dev.asyncflow.examples.runtime;

import org.jspecify.annotations.NullMarked;
