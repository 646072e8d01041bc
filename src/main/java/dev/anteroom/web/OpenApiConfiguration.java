package dev.anteroom.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.anteroom.tenant.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The OpenAPI document served at {@code /docs/openapi.json} and browsed at {@code /docs}. It is the
 * API as it answers: snake_case names (springdoc reads types with its own Jackson 2 mapper, which
 * knows nothing of the application's naming strategy), no internal parameters, every error a
 * {@value Problems#CONTENT_TYPE} problem (see {@link DocumentRules}). The HTTP contract tests
 * validate every request and answer they exchange against it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String API_KEY = "apiKey";
  static final String ADMIN = "admin";

  static {
    // The resolved caller is an argument of many handlers, never something a client sends.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  OpenAPI anteroomOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Anteroom")
                .description(
                    "A virtual waiting room: fair queues, exact positions, paced release and"
                        + " signed passes. Errors are application/problem+json (RFC 9457).")
                .version("v1")
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    API_KEY,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(CallerResolver.API_KEY_HEADER)
                        .description("An application's sk_ (server) or pk_ (browser) key"))
                .addSecuritySchemes(
                    ADMIN,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("An admin token from POST /auth/login")))
        .addSecurityItem(new SecurityRequirement().addList(API_KEY))
        .addSecurityItem(new SecurityRequirement().addList(ADMIN));
  }

  /**
   * Reads types with the application's snake_case names. Ordered first among the model converters
   * so that springdoc's own converters (response wrappers, polymorphism) still run ahead of it.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  RecordModelResolver snakeCaseModelResolver(ObjectMapperProvider mappers) {
    return new RecordModelResolver(
        mappers.jsonMapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
  }

  @Bean
  DocumentRules documentRules() {
    return new DocumentRules();
  }
}
