package dev.anteroom.metrics;

import dev.anteroom.common.DatabaseCircuit;
import dev.anteroom.node.NodeLease;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The database's availability as the connection circuit sees it: {@code
 * anteroom_database_outages_total} (outages begun since start) and {@code anteroom_database_up} (1
 * while connections are taken, 0 during an outage). Alert on the gauge, or on an increase of the
 * counter, which also catches outages shorter than a scrape interval. {@code
 * anteroom_node_lease_held} is 1 while this node owns the database's waiting lines.
 */
@Component
class DatabaseMetrics {

  DatabaseMetrics(MeterRegistry registry, DatabaseCircuit circuit, NodeLease lease) {
    FunctionCounter.builder("anteroom.database.outages", circuit, DatabaseCircuit::outages)
        .description("Database outages: times connections began to fail")
        .register(registry);
    Gauge.builder(
            "anteroom.database.up", circuit, c -> c.state() == DatabaseCircuit.State.CLOSED ? 1 : 0)
        .description("1 while the database answers, 0 during an outage")
        .register(registry);
    Gauge.builder("anteroom.node.lease.held", lease, l -> l.isHeld() ? 1 : 0)
        .description("1 while this node owns the database's waiting lines")
        .register(registry);
  }
}
