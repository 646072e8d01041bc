package dev.anteroom.release;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares an application's release rate among its busy queues in proportion to their weights (queue
 * priority + 1, so priority 0 still gets a share), never giving a queue more than its own rate:
 * what a queue cannot use flows to the others (water-filling), as does the share of queues with
 * nobody waiting, which are simply not asked.
 */
public final class RateShares {

  private RateShares() {}

  /** A queue's claim: its weight and the most it can use, both per minute. */
  public record Demand(long queueId, double weight, double cap) {}

  public static Map<Long, Double> split(double total, List<Demand> demands) {
    Map<Long, Double> shares = new HashMap<>();
    List<Demand> open = new ArrayList<>(demands);
    double remaining = total;
    boolean capped = true;
    while (!open.isEmpty() && capped) {
      capped = false;
      double weights = open.stream().mapToDouble(Demand::weight).sum();
      for (Demand demand : List.copyOf(open)) {
        if (demand.cap() <= remaining * demand.weight() / weights) {
          shares.put(demand.queueId(), demand.cap());
          open.remove(demand);
          capped = true;
        }
      }
      if (capped) {
        remaining = total - shares.values().stream().mapToDouble(Double::doubleValue).sum();
      }
    }
    double weights = open.stream().mapToDouble(Demand::weight).sum();
    for (Demand demand : open) {
      shares.put(demand.queueId(), remaining * demand.weight() / weights);
    }
    return shares;
  }
}
