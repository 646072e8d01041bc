package dev.anteroom.node.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Several Anteroom nodes on one PostgreSQL database ({@code CLUSTER_MODE=true}).
 *
 * @param enabled whether this node shares its database with other nodes; PostgreSQL only
 * @param lease how long a node's hold on an application's pacing lasts without renewal: a node that
 *     dies is replaced within about this plus {@code renewEvery}
 * @param renewEvery how often a node takes or renews its applications' leases
 * @param followEvery how often a node reads the lines' log when nothing woke it sooner
 * @param maxBehind how far a node's copy of the lines may trail the log before the node stops
 *     saying it is ready
 */
@ConfigurationProperties("anteroom.cluster")
public record ClusterProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("3s") Duration lease,
    @DefaultValue("1s") Duration renewEvery,
    @DefaultValue("100ms") Duration followEvery,
    @DefaultValue("2s") Duration maxBehind) {}
