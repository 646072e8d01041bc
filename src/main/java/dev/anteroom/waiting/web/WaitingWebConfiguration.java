package dev.anteroom.waiting.web;

import dev.anteroom.waiting.WaitingRoom;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The visitor endpoints' plumbing: the lean status servlet, event streams, browser access. */
@Configuration(proxyBeanMethods = false)
class WaitingWebConfiguration implements WebMvcConfigurer {

  /** Status polls served, for the metrics binder. */
  @Bean
  StatusPolls statusPolls() {
    return new StatusPolls(new LongAdder());
  }

  @Bean
  ServletRegistrationBean<StatusServlet> statusServlet(WaitingRoom room, StatusPolls polls) {
    ServletRegistrationBean<StatusServlet> registration =
        new ServletRegistrationBean<>(new StatusServlet(room, polls.count()), "/queue_status");
    registration.setName("queueStatus");
    registration.setLoadOnStartup(1);
    return registration;
  }

  @Bean
  StatusStreams statusStreams(WaitingRoom room, Clock clock) {
    return new StatusStreams(room, clock);
  }

  /**
   * Browsers call join, cancel and the stream from the tenant's pages; which origins may use a
   * publishable key is checked per application by the join itself.
   */
  @Override
  public void addCorsMappings(CorsRegistry registry) {
    for (String path : new String[] {"/join", "/cancel", "/queue_status/stream"}) {
      registry
          .addMapping(path)
          .allowedOriginPatterns("*")
          .allowedMethods("GET", "POST")
          .allowedHeaders("X-API-Key", "Content-Type")
          .maxAge(600);
    }
  }
}
