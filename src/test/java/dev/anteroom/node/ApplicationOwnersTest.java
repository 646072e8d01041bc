package dev.anteroom.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.StoreUnavailableException;
import dev.anteroom.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which applications a node believes it paces: taken and renewed through the leases, given up when
 * no longer listed, and distrusted by the node's own clock once a renewal is overdue, so a node cut
 * off from the database stops pacing before its lease runs out there.
 */
class ApplicationOwnersTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final FakeLeases leases = new FakeLeases();
  private final List<String> told = new ArrayList<>();
  private final ApplicationOwners owners =
      new ApplicationOwners(leases, clock, Duration.ofSeconds(3), Duration.ofMillis(500));

  ApplicationOwnersTest() {
    owners.addListener(
        new ApplicationOwners.Listener() {
          @Override
          public void tookOver(long applicationId, long epoch) {
            told.add("took " + applicationId + "@" + epoch);
          }

          @Override
          public void lost(long applicationId) {
            told.add("lost " + applicationId);
          }
        });
  }

  @Test
  void a_free_lease_is_taken_once_and_renewed_quietly() {
    owners.renew(List.of(1L, 2L));
    clock.tick(Duration.ofSeconds(1));
    owners.renew(List.of(1L, 2L));

    assertThat(owners.paces(1)).isTrue();
    assertThat(owners.paces(2)).isTrue();
    assertThat(owners.epoch(1)).hasValue(1);
    assertThat(told).containsExactlyInAnyOrder("took 1@1", "took 2@1");
  }

  @Test
  void another_nodes_live_lease_is_left_alone() {
    leases.heldElsewhere.add(7L);
    owners.renew(List.of(7L));

    assertThat(owners.paces(7)).isFalse();
    assertThat(told).isEmpty();
    assertThatThrownBy(() -> owners.fence(7)).isInstanceOf(LeaseLostException.class);
  }

  @Test
  void a_node_that_cannot_renew_stops_pacing_before_its_lease_runs_out_in_the_database() {
    owners.renew(List.of(1L));
    leases.down = true;
    clock.tick(Duration.ofMillis(2_400));
    owners.renew(List.of(1L));
    assertThat(owners.paces(1)).as("within the trusted 2.5 s").isTrue();

    clock.tick(Duration.ofMillis(200));

    assertThat(owners.paces(1)).as("past it, by this node's clock").isFalse();
    assertThatThrownBy(() -> owners.fence(1)).isInstanceOf(LeaseLostException.class);
    owners.renew(List.of(1L));
    assertThat(told).containsExactly("took 1@1", "lost 1");
  }

  @Test
  void a_lease_taken_over_by_another_node_is_dropped_and_a_new_epoch_is_a_new_takeover() {
    owners.renew(List.of(1L));
    leases.heldElsewhere.add(1L);
    owners.renew(List.of(1L));
    assertThat(owners.paces(1)).isFalse();

    leases.heldElsewhere.clear();
    leases.epochs.merge(1L, 1L, Long::sum);
    owners.renew(List.of(1L));

    assertThat(owners.epoch(1)).hasValue(3);
    assertThat(told).containsExactly("took 1@1", "lost 1", "took 1@3");
  }

  @Test
  void applications_no_longer_listed_and_a_shutdown_hand_their_leases_back() {
    owners.renew(List.of(1L, 2L));
    owners.renew(List.of(2L));
    assertThat(owners.paces(1)).isFalse();
    assertThat(leases.givenUp).containsExactly(1L);

    owners.giveUpAll();

    assertThat(owners.paces(2)).isFalse();
    assertThat(leases.givenUp).containsExactly(1L, 2L);
  }

  @Test
  void the_fence_checks_the_epoch_this_node_believes_it_holds() {
    owners.renew(List.of(1L));
    owners.fence(1);
    assertThat(leases.fenced).containsExactly("1@1");
  }

  /** Leases as a database would keep them, with another node's held ones marked by hand. */
  private static final class FakeLeases implements ApplicationLeases {
    final Map<Long, Long> epochs = new HashMap<>();
    final Set<Long> heldElsewhere = new java.util.HashSet<>();
    final List<Long> givenUp = new ArrayList<>();
    final List<String> fenced = new ArrayList<>();
    boolean down;

    @Override
    public OptionalLong takeOrRenew(long applicationId) {
      if (down) {
        throw new StoreUnavailableException("down", null);
      }
      if (heldElsewhere.contains(applicationId)) {
        epochs.merge(applicationId, 1L, Long::sum);
        return OptionalLong.empty();
      }
      return OptionalLong.of(epochs.computeIfAbsent(applicationId, id -> 1L));
    }

    @Override
    public void giveUp(long applicationId, long epoch) {
      givenUp.add(applicationId);
    }

    @Override
    public void fence(long applicationId, long epoch) {
      fenced.add(applicationId + "@" + epoch);
    }
  }
}
