package io.kgrca.graphbuilder.analysis;

/**
 * A directed impact edge: a fault at {@code from} can cause symptoms at {@code to}.
 *
 * @param from     the upstream resource
 * @param to       the downstream resource
 * @param channel  how the fault travels
 * @param evidence why the edge exists (the stored relationship, or the env value or log line that names it)
 */
public record Impact(String from, String to, Channel channel, String evidence) {
}
