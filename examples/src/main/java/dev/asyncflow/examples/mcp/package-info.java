/**
 * An MCP server that lets an assistant such as Claude Desktop search ClinicalTrials.gov by
 * mutation: {@link dev.asyncflow.examples.mcp.TrialsMcpServer}, built as {@code
 * examples/target/trials-mcp.jar}, speaks the Model Context Protocol over stdio with the official
 * MCP Java SDK and offers three tools: {@code search_trials}, {@code search_trials_batch} and
 * {@code service_status}. See {@code docs/mcp-server.md}.
 */
@NullMarked
package dev.asyncflow.examples.mcp;

import org.jspecify.annotations.NullMarked;
