package dev.anteroom.release.web;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueService;
import dev.anteroom.release.QueueSimulator;
import dev.anteroom.tenant.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "queues")
class SimulationController {

  private final QueueService queues;
  private final QueueSimulator simulator = new QueueSimulator();
  private final Clock clock;

  SimulationController(QueueService queues, Clock clock) {
    this.queues = queues;
    this.clock = clock;
  }

  @PostMapping(
      path = "/queues/{id}/simulate",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Project the queue's length and waits, minute by minute, on a virtual clock",
      description =
          "Runs the engine's pacing with the queue's settings against steady arrivals; the real"
              + " queue is not touched. abandon_rate is the share of those waiting who give up"
              + " each minute.")
  ProjectionView simulate(@PathVariable long id, @RequestBody ScenarioBody body, Caller caller) {
    Queue queue = queues.get(caller, id);
    if (body.arrivalsPerMinute() == null) {
      throw new InvalidInputException(
          "arrivals_per_minute",
          "arrivals_per_minute is required: the visitors arriving each minute, 0 to "
              + QueueSimulator.MAX_ARRIVALS);
    }
    QueueSimulator.Scenario scenario =
        new QueueSimulator.Scenario(
            body.arrivalsPerMinute(),
            body.minutes() == null ? 60 : body.minutes(),
            body.abandonRate() == null ? 0 : body.abandonRate());
    return ProjectionView.of(simulator.project(queue, scenario, clock.instant()));
  }

  record ScenarioBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0", maximum = "1000000")
          Integer arrivalsPerMinute,
      @Schema(minimum = "1", maximum = "1440", defaultValue = "60") Integer minutes,
      @Schema(minimum = "0", maximum = "1", defaultValue = "0") Double abandonRate) {}

  record Totals(
      long arrived,
      long released,
      long abandoned,
      long rejected,
      long finalQueueLength,
      long maxQueueLength,
      @Schema(nullable = true, description = "null when nobody was released")
          Long maxWaitSeconds) {}

  /** One minute of the projection; the waits are of those released in it, null when nobody was. */
  record MinuteView(
      int minute,
      long arrived,
      long released,
      long abandoned,
      long rejected,
      long queueLength,
      long activeUsers,
      @Schema(nullable = true) Long waitP50Seconds,
      @Schema(nullable = true) Long waitP95Seconds,
      @Schema(nullable = true) Long waitMaxSeconds) {

    static MinuteView of(QueueSimulator.Minute m) {
      return new MinuteView(
          m.minute(),
          m.arrived(),
          m.released(),
          m.abandoned(),
          m.rejected(),
          m.queueLength(),
          m.activeUsers(),
          m.waitP50Seconds(),
          m.waitP95Seconds(),
          m.waitMaxSeconds());
    }
  }

  record ProjectionView(
      long queueId,
      double releaseRatePerMinute,
      int arrivalsPerMinute,
      int minutes,
      double abandonRate,
      Totals totals,
      List<MinuteView> perMinute) {

    static ProjectionView of(QueueSimulator.Projection p) {
      List<QueueSimulator.Minute> minutes = p.minutes();
      Totals totals =
          new Totals(
              minutes.stream().mapToLong(QueueSimulator.Minute::arrived).sum(),
              p.totalReleased(),
              minutes.stream().mapToLong(QueueSimulator.Minute::abandoned).sum(),
              minutes.stream().mapToLong(QueueSimulator.Minute::rejected).sum(),
              minutes.getLast().queueLength(),
              minutes.stream().mapToLong(QueueSimulator.Minute::queueLength).max().orElse(0),
              minutes.stream()
                  .map(QueueSimulator.Minute::waitMaxSeconds)
                  .filter(java.util.Objects::nonNull)
                  .max(Long::compare)
                  .orElse(null));
      return new ProjectionView(
          p.queueId(),
          p.releaseRatePerMinute(),
          p.scenario().arrivalsPerMinute(),
          p.scenario().minutes(),
          p.scenario().abandonRate(),
          totals,
          minutes.stream().map(MinuteView::of).toList());
    }
  }
}
