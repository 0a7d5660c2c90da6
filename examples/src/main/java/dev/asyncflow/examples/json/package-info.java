/** The JSON the example programs print and return: one shape for a study, a search, an outcome. */
@NullMarked
package dev.asyncflow.examples.json;

import org.jspecify.annotations.NullMarked;
