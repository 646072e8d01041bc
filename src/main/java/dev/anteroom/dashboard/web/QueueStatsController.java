package dev.anteroom.dashboard.web;

import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.dashboard.QueueStats;
import dev.anteroom.tenant.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/dashboard/queue_stats", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "dashboard", description = "Statistics and history of the queues")
class QueueStatsController {

  private final QueueStats stats;

  QueueStatsController(QueueStats stats) {
    this.stats = stats;
  }

  @GetMapping
  @Operation(
      summary =
          "Each queue now (waiting, active, pace, oldest wait, ETA for a newcomer) and over the"
              + " last hour (the current minute and the 59 before), by queue id. sk_ key: its"
              + " application's queues; an admin: their applications'; a super admin: all.")
  Page<QueueStatView> list(
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "20") int size,
      @RequestParam(name = "application_id", required = false) Long applicationId,
      @RequestParam(name = "queue_id", required = false) Long queueId,
      Caller caller) {
    return stats
        .list(caller, applicationId, queueId, new PageRequest(page, size))
        .map(QueueStatView::of);
  }

  record QueueStatView(
      @Schema(example = "7301234567890123") long queueId,
      long applicationId,
      @Schema(example = "Summer sale") String name,
      @Schema(allowableValues = {"open", "paused", "scheduled", "closed"}) String state,
      @Schema(description = "visitors waiting now", example = "1520") int waiting,
      @Schema(description = "released visitors whose pass is still valid", example = "300")
          int active,
      @Schema(example = "600") int releaseRatePerMinute,
      @Schema(
              nullable = true,
              description =
                  "visitors per minute who really left the line lately, as the ETA uses it;"
                      + " null before enough departures")
          Double observedReleaseRatePerMinute,
      @Schema(nullable = true, description = "mean join-to-release wait, last hour")
          Double averageWaitSecondsLastHour,
      @Schema(
              nullable = true,
              description = "95th percentile of the wait, last hour, to its bucket's upper bound")
          Double p95WaitSecondsLastHour,
      @Schema(example = "36000") long releasedLastHour,
      @Schema(description = "went idle or whose pass ran out, last hour", example = "120")
          long expiredLastHour,
      @Schema(nullable = true, description = "how long the first visitor in line has waited")
          Long oldestWaitingSeconds,
      @Schema(nullable = true, description = "expected wait of a visitor joining now; null paused")
          Long etaSeconds) {

    static QueueStatView of(QueueStats.Stat s) {
      return new QueueStatView(
          s.queue().id(),
          s.queue().applicationId(),
          s.queue().settings().name(),
          s.state().name().toLowerCase(Locale.ROOT),
          s.waiting(),
          s.active(),
          s.configuredRatePerMinute(),
          s.observedRatePerMinute(),
          s.averageWaitSeconds(),
          s.p95WaitSeconds(),
          s.releasedLastHour(),
          s.expiredLastHour(),
          s.oldestWaitingSeconds(),
          s.etaSeconds());
    }
  }
}
