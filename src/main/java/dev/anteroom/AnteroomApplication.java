package dev.anteroom;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Anteroom: a virtual waiting room. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnteroomApplication {

  public static void main(String[] args) {
    SpringApplication.run(AnteroomApplication.class, args);
  }
}
