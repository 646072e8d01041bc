package dev.anteroom.client.web;

import dev.anteroom.client.ClientParameters;
import dev.anteroom.client.ClientScript;
import dev.anteroom.config.AnteroomProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Serves the waiting-room client, {@code /scripts/queue.js}, configured by its URL. */
@RestController
@Tag(name = "client", description = "The waiting-room client for browsers")
class ClientController {

  static final String JAVASCRIPT = "text/javascript;charset=utf-8";
  private static final CacheControl CACHE =
      CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

  private final ClientAssets assets;
  private final JsonMapper json;
  private final boolean httpsTargets;

  ClientController(ClientAssets assets, JsonMapper json, AnteroomProperties properties) {
    this.assets = assets;
    this.json = json;
    // In production a released visitor's pass never travels over plain http.
    this.httpsTargets = properties.production();
  }

  @GetMapping(path = "/scripts/queue.js", produces = "text/javascript")
  @Operation(
      summary = "The waiting-room client, configured by these parameters",
      description =
          "data- attributes on the script tag override the parameters. Bad parameters still give"
              + " a script (200) that shows and logs the problems. Cached for 5 minutes, with an"
              + " ETag.")
  @SecurityRequirements
  @ApiResponse(
      responseCode = "200",
      description = "The script",
      content = @Content(mediaType = "text/javascript", schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)")
  ResponseEntity<byte[]> script(
      HttpServletRequest request,
      @Parameter(description = "The queue id") @RequestParam(required = false) String queue,
      @Parameter(description = "The application's publishable key (pk_)")
          @RequestParam(required = false)
          String key,
      @Parameter(description = "en or ar; the browser's language when left out")
          @RequestParam(required = false)
          String lang,
      @Parameter(description = "light, dark or auto (the default)") @RequestParam(required = false)
          String theme,
      @Parameter(
              description =
                  "Seconds between polls when event streams fail (the server's hint by default)")
          @RequestParam(required = false)
          String poll,
      @Parameter(
              description =
                  "Where released visitors go, with ?anteroom_pass=<access token>: an absolute"
                      + " http(s) URL, https in production (loopback hosts aside)")
          @RequestParam(required = false)
          String target,
      @Parameter(
              description =
                  "CSS selector of the element to draw in (after the script tag by default)")
          @RequestParam(required = false)
          String container) {
    Map<String, String> query = new LinkedHashMap<>();
    request.getParameterMap().forEach((name, values) -> query.put(name, values[0]));
    ClientParameters parameters = ClientParameters.parse(query, assets.languages(), httpsTargets);
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("params", parameters.values());
    server.put("errors", parameters.errors());
    server.put("langs", assets.scriptStrings());
    server.put("css", assets.clientCss());
    server.put("httpsTargets", httpsTargets);
    ClientScript.Rendered rendered = assets.script().render(json.writeValueAsString(server));
    if (Revalidation.unchanged(request, rendered.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
          .eTag(rendered.etag())
          .cacheControl(CACHE)
          .build();
    }
    return ResponseEntity.ok()
        .header("Content-Type", JAVASCRIPT)
        .header("X-Content-Type-Options", "nosniff")
        .eTag(rendered.etag())
        .cacheControl(CACHE)
        .body(rendered.bytes());
  }
}
