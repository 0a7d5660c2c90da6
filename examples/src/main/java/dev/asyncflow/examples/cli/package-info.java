/**
 * The {@code trials} command line: {@code trials search} and {@code trials batch}, built on picocli
 * and packaged as {@code examples/target/trials.jar}. Start with {@link
 * dev.asyncflow.examples.cli.TrialsCli}; docs/cli.md is the user's guide.
 */
@NullMarked
package dev.asyncflow.examples.cli;

import org.jspecify.annotations.NullMarked;
