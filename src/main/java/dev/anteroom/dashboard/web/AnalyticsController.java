package dev.anteroom.dashboard.web;

import dev.anteroom.dashboard.Analytics;
import dev.anteroom.dashboard.Resolution;
import dev.anteroom.dashboard.Tally;
import dev.anteroom.tenant.Caller;
import dev.anteroom.web.InstantParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/dashboard/analytics", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "dashboard", description = "Statistics and history of the queues")
class AnalyticsController {

  private final Analytics analytics;

  AnalyticsController(Analytics analytics) {
    this.analytics = analytics;
  }

  @GetMapping
  @Operation(
      summary =
          "A time series of joins, releases, expiries, cancellations, waits and queue length,"
              + " summed over the queues in scope, from per-minute aggregate rows rolled up to"
              + " hours and days (kept 7 days, 90 days and 2 years). sk_ key: its application;"
              + " an admin: their applications; a super admin: all.")
  AnalyticsView analytics(
      @Parameter(
              description =
                  "start (ISO-8601, inclusive, rounded down to the interval); default: an hour,"
                      + " a day or 30 days before to",
              schema = @Schema(type = "string", format = "date-time"))
          @RequestParam(required = false)
          String from,
      @Parameter(
              description = "end (ISO-8601, exclusive); default now",
              schema = @Schema(type = "string", format = "date-time"))
          @RequestParam(required = false)
          String to,
      @Parameter(schema = @Schema(allowableValues = {"minute", "hour", "day"}))
          @RequestParam(defaultValue = "minute")
          String interval,
      @RequestParam(name = "queue_id", required = false) Long queueId,
      @RequestParam(name = "application_id", required = false) Long applicationId,
      Caller caller) {
    Resolution resolution = Resolution.parse("interval", interval);
    List<Analytics.Point> points =
        analytics.series(
            caller,
            new Analytics.Query(
                InstantParameters.parse("from", from),
                InstantParameters.parse("to", to),
                resolution,
                queueId,
                applicationId));
    return new AnalyticsView(resolution.wireName(), points.stream().map(PointView::of).toList());
  }

  record AnalyticsView(
      @Schema(
              allowableValues = {"minute", "hour", "day"},
              example = "minute")
          String interval,
      @Schema(description = "one point per period, oldest first, empty periods included")
          List<PointView> points) {}

  record PointView(
      @Schema(description = "the period's start", example = "2026-05-01T09:00:00Z") Instant start,
      @Schema(example = "120") long joins,
      @Schema(description = "visitors let through", example = "100") long releases,
      @Schema(description = "visitors who went idle or whose pass ran out", example = "3")
          long expiries,
      @Schema(example = "2") long cancellations,
      @Schema(description = "passes the tenant ended early", example = "40") long completions,
      @Schema(nullable = true, description = "mean join-to-release wait, null without releases")
          Double averageWaitSeconds,
      @Schema(
              nullable = true,
              description =
                  "95th percentile of the wait, as the upper bound of its bucket (1, 2, 5, 10,"
                      + " 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800 s)")
          Double p95WaitSeconds,
      @Schema(description = "visitors waiting at the period's end", example = "250")
          int queueLength,
      @Schema(description = "the most waiting seen in the period (per queue, summed)")
          int queueLengthMax) {

    static PointView of(Analytics.Point point) {
      Tally t = point.tally();
      return new PointView(
          point.start(),
          t.joins(),
          t.releases(),
          t.expiries(),
          t.cancellations(),
          t.completions(),
          t.averageWaitSeconds(),
          t.p95WaitSeconds(),
          t.lengthEnd(),
          t.lengthMax());
    }
  }
}
