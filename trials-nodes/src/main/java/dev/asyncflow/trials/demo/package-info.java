/**
 * An in-process stand-in for the ClinicalTrials.gov API v2 that serves synthetic demo studies on
 * the loopback interface, for offline runs, examples and tests: see {@link
 * dev.asyncflow.trials.demo.DemoTrialsServer}.
 */
@NullMarked
package dev.asyncflow.trials.demo;

import org.jspecify.annotations.NullMarked;
