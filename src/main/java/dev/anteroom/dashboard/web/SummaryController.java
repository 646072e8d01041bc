package dev.anteroom.dashboard.web;

import dev.anteroom.dashboard.Summary;
import dev.anteroom.queue.Queue;
import dev.anteroom.tenant.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/dashboard/summary", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "dashboard", description = "Statistics and history of the queues")
class SummaryController {

  private final Summary summary;

  SummaryController(Summary summary) {
    this.summary = summary;
  }

  @GetMapping
  @Operation(
      summary =
          "Everything the caller may see at a glance (sk_ key: its application; an admin: their"
              + " applications; a super admin: all)")
  SummaryView summary(Caller caller) {
    return SummaryView.of(summary.of(caller));
  }

  record SummaryView(
      @Schema(example = "3") long applications,
      QueuesByState queues,
      @Schema(description = "visitors waiting now", example = "15200") long waitingNow,
      @Schema(description = "visitors holding a valid pass now", example = "900") long activeNow,
      @Schema(description = "the current hour and the 23 before", example = "52000")
          long joinsLast24h,
      @Schema(example = "48000") long releasedLast24h,
      @Schema(description = "went idle or whose pass ran out", example = "2100")
          long expiredLast24h,
      @Schema(example = "800") long cancelledLast24h,
      @Schema(
              nullable = true,
              description =
                  "callbacks delivered over callbacks finished (delivered or given up) in the"
                      + " last hour, as this node saw them; null without any",
              example = "0.998")
          Double callbackSuccessRatio,
      @Schema(description = "alerts firing now", example = "1") long openAlerts) {

    static SummaryView of(Summary.Overview o) {
      return new SummaryView(
          o.applications(),
          new QueuesByState(
              o.queuesByState().get(Queue.State.OPEN),
              o.queuesByState().get(Queue.State.PAUSED),
              o.queuesByState().get(Queue.State.SCHEDULED),
              o.queuesByState().get(Queue.State.CLOSED)),
          o.waiting(),
          o.active(),
          o.last24Hours().joins(),
          o.last24Hours().releases(),
          o.last24Hours().expiries(),
          o.last24Hours().cancellations(),
          o.callbackSuccessRatio(),
          o.openAlerts());
    }
  }

  record QueuesByState(int open, int paused, int scheduled, int closed) {}
}
