package dev.anteroom.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateSharesTest {

  @Test
  void shares_follow_the_weights() {
    Map<Long, Double> shares =
        RateShares.split(
            600, List.of(new RateShares.Demand(1, 1, 10_000), new RateShares.Demand(2, 5, 10_000)));
    assertThat(shares.get(1L)).isCloseTo(100, within(1e-9));
    assertThat(shares.get(2L)).isCloseTo(500, within(1e-9));
  }

  @Test
  void what_a_queue_cannot_use_flows_to_the_others() {
    Map<Long, Double> shares =
        RateShares.split(
            900,
            List.of(
                new RateShares.Demand(1, 1, 30),
                new RateShares.Demand(2, 1, 10_000),
                new RateShares.Demand(3, 1, 100)));
    assertThat(shares.get(1L)).isEqualTo(30);
    assertThat(shares.get(3L)).isEqualTo(100);
    assertThat(shares.get(2L)).isCloseTo(770, within(1e-9));
  }

  @Test
  void everyone_capped_leaves_the_rest_unused() {
    Map<Long, Double> shares =
        RateShares.split(
            900, List.of(new RateShares.Demand(1, 1, 30), new RateShares.Demand(2, 3, 40)));
    assertThat(shares).containsEntry(1L, 30.0).containsEntry(2L, 40.0);
  }
}
