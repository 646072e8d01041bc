package dev.anteroom.client.web;

import dev.anteroom.client.ClientScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client's files, read once: {@code client/queue.js} and one {@code client/lang/<code>.json}
 * per language, so adding a language is adding a file.
 */
@Component
class ClientAssets {

  private final ClientScript script;
  private final Map<String, Map<String, String>> strings;

  ClientAssets(JsonMapper json) {
    this.script =
        new ClientScript(
            read(
                new PathMatchingResourcePatternResolver()
                    .getResource("classpath:client/queue.js")));
    this.strings = languages(json);
  }

  ClientScript script() {
    return script;
  }

  /** Each language's strings by key, by language code. */
  Map<String, Map<String, String>> strings() {
    return strings;
  }

  Set<String> languages() {
    return strings.keySet();
  }

  static Map<String, Map<String, String>> languages(JsonMapper json) {
    try {
      Map<String, Map<String, String>> all = new TreeMap<>();
      for (Resource file :
          new PathMatchingResourcePatternResolver().getResources("classpath*:client/lang/*.json")) {
        String code =
            file.getFilename().substring(0, file.getFilename().length() - ".json".length());
        all.put(
            code,
            Map.copyOf(json.readValue(read(file), new TypeReference<Map<String, String>>() {})));
      }
      if (!all.containsKey("en")) {
        throw new IllegalStateException("client/lang/en.json is missing");
      }
      return Map.copyOf(all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
