package dev.anteroom.waiting.web;

import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.waiting.JoinRequests;
import dev.anteroom.waiting.StatusPolls;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.waiting.web.stream.StatusStreams;
import dev.anteroom.web.CallerResolver;
import dev.anteroom.web.PageOrigins;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** The visitor endpoints' plumbing: the lean status servlet, event streams, browser access. */
@Configuration(proxyBeanMethods = false)
class WaitingWebConfiguration implements WebMvcConfigurer {

  /** Status polls served, for the metrics binder. */
  @Bean
  StatusPolls statusPolls() {
    return new StatusPolls(new LongAdder());
  }

  /** The origin check of the calls whose credential is a queue token. */
  @Bean
  TokenOrigins tokenOrigins(PageOrigins origins, QueueDirectory queues) {
    return new TokenOrigins(origins, queues);
  }

  /** The status poll, answered ahead of every other filter (see {@link StatusEndpoint}). */
  @Bean
  FilterRegistrationBean<StatusEndpoint> statusEndpoint(
      WaitingRoom room, TokenOrigins origins, StatusPolls polls) {
    FilterRegistrationBean<StatusEndpoint> registration =
        new FilterRegistrationBean<>(new StatusEndpoint(room, origins, polls.count()));
    registration.addUrlPatterns(StatusEndpoint.PATH);
    registration.setName("queueStatus");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<VisitorPreflights> cancelPreflights() {
    return preflights("/cancel", "POST", "cancelPreflights");
  }

  @Bean
  FilterRegistrationBean<VisitorPreflights> streamPreflights() {
    return preflights("/queue_status/stream", "GET", "streamPreflights");
  }

  private static FilterRegistrationBean<VisitorPreflights> preflights(
      String path, String method, String name) {
    FilterRegistrationBean<VisitorPreflights> registration =
        new FilterRegistrationBean<>(new VisitorPreflights(method));
    registration.addUrlPatterns(path);
    registration.setName(name);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
    return registration;
  }

  /** Join requests answered, by status, for the metrics binder. */
  @Bean
  JoinRequests joinRequests() {
    return new JoinRequests();
  }

  /** Joins, answered ahead of the dispatcher (see {@link JoinEndpoint}). */
  @Bean
  FilterRegistrationBean<JoinEndpoint> joinEndpoint(
      WaitingRoom room,
      QueueDirectory queues,
      CallerResolver callers,
      PageOrigins origins,
      JsonMapper json,
      JoinRequests requests) {
    FilterRegistrationBean<JoinEndpoint> registration =
        new FilterRegistrationBean<>(
            new JoinEndpoint(room, queues, callers, origins, json, requests));
    registration.addUrlPatterns(JoinEndpoint.PATH);
    registration.setName("join");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  StreamsStop streamsStop(StatusStreams streams) {
    return new StreamsStop(streams);
  }

  /** Each stream's writer runs on a virtual thread, so a stalled client costs a parked thread. */
  @Bean
  StatusStreams statusStreams(
      WaitingRoom room,
      QueueDirectory queues,
      Clock clock,
      @Value("${anteroom.streams.max-per-visitor:2}") int maxPerVisitor,
      @Value("${anteroom.streams.max-per-application:20000}") int maxPerApplication) {
    return new StatusStreams(
        room,
        queues,
        clock,
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("anteroom-stream-", 0).factory()),
        maxPerVisitor,
        maxPerApplication);
  }

  /**
   * Browsers call cancel and the stream from the tenant's pages (join and the poll answer their own
   * preflights). Any page may send the preflight and read the answer, as {@link PageOrigins} says
   * why: a preflight carries no token, so which application is asked is only known on the real
   * request, where {@link VisitorController} refuses a page its application does not allow (403).
   */
  @Override
  public void addCorsMappings(CorsRegistry registry) {
    for (String path : new String[] {"/cancel", "/queue_status/stream"}) {
      registry
          .addMapping(path)
          .allowedOriginPatterns("*")
          .allowedMethods("GET", "POST")
          .allowedHeaders("X-API-Key", "Content-Type")
          .maxAge(600);
    }
  }
}
