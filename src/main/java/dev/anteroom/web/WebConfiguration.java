package dev.anteroom.web;

import dev.anteroom.tenant.AdminService;
import dev.anteroom.tenant.AdminTokens;
import dev.anteroom.tenant.AllowedOrigins;
import dev.anteroom.tenant.ApiKeyAuthenticator;
import dev.anteroom.tenant.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every endpoint shares: the checks on malformed requests, the body limit, the {@link Caller}
 * parameter and the check of a browser page's origin.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

  private final CallerResolver callers;

  WebConfiguration(ApiKeyAuthenticator keys, AdminTokens adminTokens, AdminService admins) {
    this.callers = new CallerResolver(keys, adminTokens, admins);
  }

  @Bean
  CallerResolver callerResolver() {
    return callers;
  }

  @Bean
  PageOrigins pageOrigins(AllowedOrigins origins) {
    return new PageOrigins(origins);
  }

  /**
   * Right behind the two lean endpoints (orders 0 and 1 from the top, each mapped to its own path
   * and checking for itself), ahead of every filter or handler that could read a parameter.
   */
  @Bean
  FilterRegistrationBean<MalformedRequestFilter> malformedRequestFilter() {
    FilterRegistrationBean<MalformedRequestFilter> registration =
        new FilterRegistrationBean<>(new MalformedRequestFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
    return registration;
  }

  @Bean
  FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter() {
    FilterRegistrationBean<RequestBodyLimitFilter> registration =
        new FilterRegistrationBean<>(new RequestBodyLimitFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(
        new HandlerMethodArgumentResolver() {
          @Override
          public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Caller.class;
          }

          @Override
          public Object resolveArgument(
              MethodParameter parameter,
              ModelAndViewContainer mav,
              NativeWebRequest request,
              WebDataBinderFactory binders) {
            return callers.resolve(request.getNativeRequest(HttpServletRequest.class));
          }
        });
  }
}
