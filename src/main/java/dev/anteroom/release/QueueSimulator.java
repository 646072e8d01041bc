package dev.anteroom.release;

import dev.anteroom.common.Checks;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueMethod;
import dev.anteroom.queue.QueueSettings;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Projects a queue's next hours on a virtual clock with the engine's own {@link Pacer}, the queue's
 * cap of active users and pass lifetime, its method and its size limit, without touching the real
 * queue. Arrivals are grouped into cohorts (a second each; a minute in a lottery, where everyone
 * waiting is equally likely to go next) so that a day of ten thousand arrivals a minute takes a
 * fraction of a second. Abandonment is a rate per minute applied to everyone waiting; a running
 * survival factor applies it to all cohorts at once.
 */
public final class QueueSimulator {

  public static final int MAX_MINUTES = 24 * 60;
  public static final int MAX_ARRIVALS = 1_000_000;
  private static final double RENORMALIZE_BELOW = 1e-100;

  /** What to project: steady arrivals for some minutes, with an optional abandonment rate. */
  public record Scenario(int arrivalsPerMinute, int minutes, double abandonRate) {
    public Scenario {
      Checks.optionalIntInRange("arrivals_per_minute", arrivalsPerMinute, 0, MAX_ARRIVALS);
      Checks.optionalIntInRange("minutes", minutes, 1, MAX_MINUTES);
      if (!(abandonRate >= 0 && abandonRate <= 1)) {
        throw new InvalidInputException(
            "abandon_rate", "abandon_rate is a share of those waiting per minute, 0 to 1");
      }
    }
  }

  /**
   * One minute of the projection; the waits are those of visitors released in that minute, null
   * when nobody was.
   */
  public record Minute(
      int minute,
      long arrived,
      long released,
      long abandoned,
      long rejected,
      long queueLength,
      long activeUsers,
      Long waitP50Seconds,
      Long waitP95Seconds,
      Long waitMaxSeconds) {}

  /** The whole projection. */
  public record Projection(
      long queueId, double releaseRatePerMinute, Scenario scenario, List<Minute> minutes) {

    public long totalReleased() {
      return minutes.stream().mapToLong(Minute::released).sum();
    }
  }

  public Projection project(Queue queue, Scenario scenario, Instant start) {
    return new Run(queue.settings(), scenario, start).run(queue.id());
  }

  private static final class Run {
    private final QueueSettings settings;
    private final Scenario scenario;
    private final Instant start;
    private final boolean paced;
    private final int cohortSeconds;
    private final double perSecondSurvival;
    private final Pacer pacer = new Pacer();
    private final ArrayDeque<Cohort> waiting = new ArrayDeque<>();
    private final long[] passesEnding;
    private double survival = 1;
    private double storedWaiting;
    private long active;
    private long arrivalCredit;

    Run(QueueSettings settings, Scenario scenario, Instant start) {
      this.settings = settings;
      this.scenario = scenario;
      this.start = start;
      this.paced = settings.queueMethod() != QueueMethod.PASSTHROUGH;
      this.cohortSeconds = settings.queueMethod() == QueueMethod.RANDOM ? 60 : 1;
      this.perSecondSurvival = Math.pow(1 - scenario.abandonRate(), 1 / 60.0);
      this.passesEnding = new long[settings.accessTtlSeconds() + 1];
    }

    Projection run(long queueId) {
      List<Minute> minutes = new ArrayList<>(scenario.minutes());
      pacer.accrue(start, settings.releaseRatePerMinute());
      for (int minute = 0; minute < scenario.minutes(); minute++) {
        Tally tally = new Tally();
        for (int second = 0; second < 60; second++) {
          long now = minute * 60L + second + 1;
          endPasses(now);
          arrive(now, tally);
          abandon(tally);
          release(now, tally);
        }
        minutes.add(tally.minute(minute + 1, Math.round(waitingCount()), active));
      }
      return new Projection(queueId, settings.releaseRatePerMinute(), scenario, minutes);
    }

    private void endPasses(long now) {
      int slot = (int) (now % passesEnding.length);
      active -= passesEnding[slot];
      passesEnding[slot] = 0;
    }

    private void arrive(long now, Tally tally) {
      arrivalCredit += scenario.arrivalsPerMinute();
      long arrivals = arrivalCredit / 60;
      arrivalCredit %= 60;
      if (arrivals == 0) {
        return;
      }
      tally.arrived += arrivals;
      if (settings.queueMethod() == QueueMethod.REJECT) {
        long admitted = Math.min(arrivals, admissible(now));
        admit(now, admitted, tally);
        tally.rejected += arrivals - admitted;
        return;
      }
      long room =
          settings.maxSize() == null
              ? arrivals
              : Math.max(0, settings.maxSize() - (long) Math.ceil(waitingCount()));
      long joining = Math.min(arrivals, room);
      tally.rejected += arrivals - joining;
      if (joining > 0) {
        Cohort last = waiting.peekLast();
        if (last != null && now - last.second < cohortSeconds) {
          last.stored += joining / survival;
        } else {
          waiting.addLast(new Cohort(now, joining / survival));
        }
        storedWaiting += joining / survival;
      }
    }

    private void abandon(Tally tally) {
      if (scenario.abandonRate() == 0 || storedWaiting == 0) {
        return;
      }
      double before = waitingCount();
      survival *= perSecondSurvival;
      tally.abandoned += before - waitingCount();
      if (survival < RENORMALIZE_BELOW) {
        waiting.forEach(cohort -> cohort.stored *= survival);
        storedWaiting *= survival;
        survival = 1;
      }
    }

    private void release(long now, Tally tally) {
      long count = Math.min(admissible(now), (long) Math.floor(waitingCount() + 1e-9));
      if (count <= 0) {
        return;
      }
      if (settings.queueMethod() == QueueMethod.RANDOM) {
        takeEvenly(now, count, tally);
      } else {
        takeFromFront(now, count, tally);
      }
      admit(now, count, tally);
    }

    /** How many may go through now: what the pace and the active cap allow. */
    private long admissible(long now) {
      long allowed = Long.MAX_VALUE;
      if (paced) {
        pacer.accrue(start.plusSeconds(now), settings.releaseRatePerMinute());
        allowed = pacer.available();
      }
      if (settings.maxActiveUsers() != null) {
        allowed = Math.min(allowed, Math.max(0, settings.maxActiveUsers() - active));
      }
      return allowed;
    }

    private void admit(long now, long count, Tally tally) {
      if (count <= 0) {
        return;
      }
      if (paced) {
        pacer.spend((int) count);
      }
      active += count;
      passesEnding[(int) ((now + settings.accessTtlSeconds()) % passesEnding.length)] += count;
      tally.released += count;
    }

    private void takeFromFront(long now, long count, Tally tally) {
      double left = count;
      while (left > 1e-9 && !waiting.isEmpty()) {
        Cohort front = waiting.peekFirst();
        double size = front.stored * survival;
        double taken = Math.min(size, left);
        tally.waits.add(new double[] {now - front.second, taken});
        left -= taken;
        storedWaiting -= taken / survival;
        if (taken >= size - 1e-9) {
          waiting.pollFirst();
        } else {
          front.stored -= taken / survival;
        }
      }
    }

    private void takeEvenly(long now, long count, Tally tally) {
      double share = count / waitingCount();
      Iterator<Cohort> cohorts = waiting.iterator();
      while (cohorts.hasNext()) {
        Cohort cohort = cohorts.next();
        double taken = Math.min(cohort.stored * survival, cohort.stored * survival * share);
        tally.waits.add(new double[] {now - cohort.second, taken});
        cohort.stored -= taken / survival;
        storedWaiting -= taken / survival;
        if (cohort.stored * survival < 1e-9) {
          cohorts.remove();
        }
      }
    }

    private double waitingCount() {
      return Math.max(0, storedWaiting * survival);
    }
  }

  private static final class Cohort {
    final long second;
    double stored;

    Cohort(long second, double stored) {
      this.second = second;
      this.stored = stored;
    }
  }

  private static final class Tally {
    long arrived;
    long released;
    double abandoned;
    long rejected;
    final List<double[]> waits = new ArrayList<>();

    Minute minute(int number, long queueLength, long active) {
      Long p50 = null;
      Long p95 = null;
      Long max = null;
      double total = waits.stream().mapToDouble(w -> w[1]).sum();
      if (total > 0) {
        double[][] sorted = waits.toArray(new double[0][]);
        Arrays.sort(sorted, Comparator.comparingDouble(w -> w[0]));
        p50 = percentile(sorted, total, 0.50);
        p95 = percentile(sorted, total, 0.95);
        max = (long) sorted[sorted.length - 1][0];
      }
      return new Minute(
          number,
          arrived,
          released,
          Math.round(abandoned),
          rejected,
          queueLength,
          active,
          p50,
          p95,
          max);
    }

    private static long percentile(double[][] sorted, double total, double q) {
      double seen = 0;
      for (double[] wait : sorted) {
        seen += wait[1];
        if (seen >= q * total) {
          return (long) wait[0];
        }
      }
      return (long) sorted[sorted.length - 1][0];
    }
  }
}
