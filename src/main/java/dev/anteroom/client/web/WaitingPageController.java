package dev.anteroom.client.web;

import dev.anteroom.client.ClientParameters;
import dev.anteroom.client.HostedTargets;
import dev.anteroom.client.PageLanguage;
import dev.anteroom.client.WaitingPage;
import dev.anteroom.common.AnteroomException;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.TooManyRequestsException;
import dev.anteroom.common.UnauthenticatedException;
import dev.anteroom.common.UnavailableException;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.tenant.ApiKeyAuthenticator;
import dev.anteroom.tenant.Application;
import dev.anteroom.tenant.Caller;
import dev.anteroom.tenant.ClientAddress;
import dev.anteroom.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the hosted waiting page, {@code GET /wait/{queue_id}?key=pk_...}, for tenants who link to
 * a waiting room instead of embedding the script. The queue and its application come from the
 * in-memory directory, the key through the same cached, throttled lookup as a join. Anything wrong
 * is a small HTML page for the visitor: 400 for a link without a publishable key, 404 for an
 * unknown queue or a key that is not its application's (the same page, so existence does not leak).
 */
@RestController
@Tag(name = "client", description = "The waiting-room client for browsers")
class WaitingPageController {

  static final String HTML = "text/html;charset=utf-8";
  private static final Logger log = LoggerFactory.getLogger(WaitingPageController.class);

  private final ClientAssets assets;
  private final QueueDirectory queues;
  private final ApiKeyAuthenticator keys;
  private final WaitingPage pages;

  WaitingPageController(ClientAssets assets, QueueDirectory queues, ApiKeyAuthenticator keys) {
    this.assets = assets;
    this.queues = queues;
    this.keys = keys;
    this.pages = new WaitingPage(assets.pageCss(), assets.clientCss());
  }

  @GetMapping("/wait/{queue_id}")
  @Operation(
      operationId = "waitingPage",
      summary = "The hosted waiting page: the client in a complete page, to link visitors to",
      description =
          "Shows the application's name and the queue's logo_url, title (else its name) and"
              + " message, and loads /scripts/queue.js from the same origin with these"
              + " parameters, which it checks and reports like the script tag does. Sent with a"
              + " strict Content-Security-Policy, no-cache and an ETag. Errors are small HTML"
              + " pages for people.")
  @SecurityRequirements
  @ApiResponse(
      responseCode = "200",
      description = "The page",
      content = @Content(mediaType = "text/html", schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match)")
  @ApiResponse(
      responseCode = "400",
      description =
          "key is missing or not a publishable key (pk_), or target is not an https URL on the"
              + " origin of the queue's redirect_url or one of the application's allowed_origins",
      content = @Content(mediaType = "text/html", schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "404",
      description = "No such queue, or the key is not its application's",
      content = @Content(mediaType = "text/html", schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "429",
      description = "Too many unknown keys from this client; Retry-After says when",
      content = @Content(mediaType = "text/html", schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "503",
      description = "The store is unavailable; Retry-After says when",
      content = @Content(mediaType = "text/html", schema = @Schema(type = "string")))
  ResponseEntity<byte[]> page(
      HttpServletRequest request,
      @Parameter(description = "The queue id", schema = @Schema(type = "integer", format = "int64"))
          @PathVariable("queue_id")
          String queueId,
      @Parameter(description = "The application's publishable key (pk_)", required = true)
          @RequestParam(required = false)
          String key,
      @Parameter(description = "en or ar; else the browser's Accept-Language, else en")
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
                  "Where released visitors go, with ?anteroom_pass=<access token>: an https URL on"
                      + " the origin of the queue's redirect_url or one of the application's"
                      + " allowed_origins (the queue's redirect_url by default)")
          @RequestParam(required = false)
          String target) {
    PageLanguage language =
        PageLanguage.choose(
            lang, request.getHeader(HttpHeaders.ACCEPT_LANGUAGE), assets.pageLanguages());
    Map<String, String> strings = assets.strings().get(language.code());
    try {
      Queue queue = queue(queueId, key, request);
      Application application =
          queues
              .application(queue.applicationId())
              .orElseThrow(() -> new NotFoundException("queue", queue.id()));
      if (target != null) {
        HostedTargets.problem(target, queue.settings().redirectUrl(), application.allowedOrigins())
            .ifPresent(
                problem -> {
                  throw new InvalidInputException("target", problem);
                });
      }
      Map<String, String> parameters = new HashMap<>();
      parameters.put("key", key);
      putIfPresent(parameters, "lang", lang);
      putIfPresent(parameters, "theme", theme);
      putIfPresent(parameters, "poll", poll);
      putIfPresent(parameters, "target", target);
      WaitingPage.Rendered page =
          pages.page(
              new WaitingPage.Content(
                  queue.id(),
                  application.name(),
                  queue.settings().pageTitle(),
                  queue.settings().display(),
                  language,
                  parameters,
                  strings));
      return answer(request, page);
    } catch (RuntimeException e) {
      return failure(e, language, theme, strings);
    }
  }

  /** The queue the link names, if the key is its application's publishable key. */
  private Queue queue(String queueId, String key, HttpServletRequest request) {
    if (!ClientParameters.QUEUE_ID.matcher(queueId).matches()) {
      throw new NotFoundException("queue", 0);
    }
    // The key's form is checked before anything is looked up, so a 400 says nothing of the queue.
    if (key == null || key.isBlank()) {
      throw new InvalidInputException(
          "key", "key: the application's publishable key (pk_...) is required");
    }
    List<String> problems = ClientParameters.parse(Map.of("key", key), Set.of()).errors();
    if (!problems.isEmpty()) {
      throw new InvalidInputException("key", problems.getFirst());
    }
    Caller.ApplicationKey caller =
        keys.authenticate(key, ClientAddress.of(request.getRemoteAddr()));
    long id = Long.parseLong(queueId);
    return queues
        .find(id)
        .filter(q -> q.applicationId() == caller.applicationId())
        .orElseThrow(() -> new NotFoundException("queue", id));
  }

  private ResponseEntity<byte[]> answer(HttpServletRequest request, WaitingPage.Rendered page) {
    boolean unchanged = Revalidation.unchanged(request, page.etag());
    ResponseEntity.BodyBuilder builder =
        (unchanged ? ResponseEntity.status(HttpStatus.NOT_MODIFIED) : ResponseEntity.ok())
            .eTag(page.etag())
            // Revalidated at every visit, so a tenant's new title or logo shows at once.
            .cacheControl(CacheControl.noCache())
            .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
    return unchanged ? builder.build() : secured(builder, page).body(page.bytes());
  }

  private ResponseEntity<byte[]> failure(
      RuntimeException e, PageLanguage language, String theme, Map<String, String> strings) {
    Optional<AnteroomException> known = Problems.forFailure(e);
    HttpStatus status;
    String message;
    String detail = null;
    if (known.isEmpty()) {
      log.error("the waiting page failed", e);
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      message = "page_unavailable";
    } else if (known.get() instanceof NotFoundException
        || known.get() instanceof UnauthenticatedException) {
      status = HttpStatus.NOT_FOUND;
      message = "page_not_found";
    } else if (known.get() instanceof TooManyRequestsException) {
      status = HttpStatus.TOO_MANY_REQUESTS;
      message = "page_busy";
    } else if (known.get() instanceof UnavailableException) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
      message = "page_unavailable";
    } else {
      status = HttpStatus.BAD_REQUEST;
      message = "page_bad_link";
      detail = known.get().getMessage();
    }
    WaitingPage.Rendered page = pages.error(language, theme, strings, message, detail);
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(status).cacheControl(CacheControl.noStore());
    known
        .flatMap(AnteroomException::retryAfter)
        .ifPresent(
            wait -> builder.header(HttpHeaders.RETRY_AFTER, Problems.retryAfterSeconds(wait)));
    return secured(builder, page).body(page.bytes());
  }

  private static ResponseEntity.BodyBuilder secured(
      ResponseEntity.BodyBuilder builder, WaitingPage.Rendered page) {
    return builder
        .header(HttpHeaders.CONTENT_TYPE, HTML)
        .header("Content-Security-Policy", page.contentSecurityPolicy())
        .header("X-Content-Type-Options", "nosniff")
        // The page's URL holds the key: neither the logo's host nor the target learns it.
        .header("Referrer-Policy", "no-referrer")
        // frame-ancestors 'none' for browsers that predate it.
        .header("X-Frame-Options", "DENY");
  }

  private static void putIfPresent(Map<String, String> parameters, String name, String value) {
    if (value != null) {
      parameters.put(name, value);
    }
  }
}
