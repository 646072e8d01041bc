package dev.anteroom.release.web;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueService;
import dev.anteroom.release.QueueSimulator;
import dev.anteroom.tenant.Caller;
import io.swagger.v3.oas.annotations.Operation;
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

  record ScenarioBody(Integer arrivalsPerMinute, Integer minutes, Double abandonRate) {}

  record Totals(
      long arrived,
      long released,
      long abandoned,
      long rejected,
      long finalQueueLength,
      long maxQueueLength,
      Long maxWaitSeconds) {}

  record ProjectionView(
      long queueId,
      double releaseRatePerMinute,
      int arrivalsPerMinute,
      int minutes,
      double abandonRate,
      Totals totals,
      List<QueueSimulator.Minute> perMinute) {

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
          minutes);
    }
  }
}
