package dev.anteroom.web;

import dev.anteroom.config.AnteroomProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers {@link MetricsAccessFilter} on {@code /metrics}, and says at start-up, once, when a
 * production node does not serve it for want of a token.
 */
@Configuration(proxyBeanMethods = false)
class MetricsAccessConfiguration {

  private static final Logger log = LoggerFactory.getLogger(MetricsAccessConfiguration.class);

  /** The shortest metrics token production mode takes. */
  static final int MIN_PRODUCTION_TOKEN = 16;

  /** Refuses to start in production with a token short enough to guess. */
  static void requireStrength(boolean production, String token) {
    String given = token == null ? "" : token.strip();
    if (production && !given.isEmpty() && given.length() < MIN_PRODUCTION_TOKEN) {
      throw new WeakMetricsTokenException(given.length());
    }
  }

  /** Right behind the malformed-request check, ahead of the actuator's handler. */
  @Bean
  FilterRegistrationBean<MetricsAccessFilter> metricsAccessFilter(
      AnteroomProperties properties, @Value("${anteroom.metrics.token:}") String token) {
    requireStrength(properties.production(), token);
    MetricsAccessFilter filter = MetricsAccessFilter.of(token, properties.production());
    if (filter.mode() == MetricsAccessFilter.Mode.HIDDEN) {
      log.warn(
          "/metrics is not served (404): production mode needs ANTEROOM_METRICS_TOKEN for"
              + " Prometheus to send as a bearer token");
    }
    FilterRegistrationBean<MetricsAccessFilter> registration = new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns("/metrics", "/metrics/*");
    registration.setName("metricsAccess");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
    return registration;
  }
}
