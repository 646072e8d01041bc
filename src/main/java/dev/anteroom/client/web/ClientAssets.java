package dev.anteroom.client.web;

import dev.anteroom.client.ClientScript;
import dev.anteroom.client.PageLanguage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client's files, read once: {@code client/queue.js} and its styles {@code client/queue.css},
 * the hosted page's styles {@code client/wait.css}, and one {@code client/lang/<code>.json} per
 * language, so adding a language is adding a file. A language file holds the client's strings and
 * the hosted page's, whose keys start with {@value #PAGE_PREFIX}.
 */
@Component
class ClientAssets {

  static final String PAGE_PREFIX = "page_";

  private final ClientScript script;
  private final String clientCss;
  private final String pageCss;
  private final Map<String, Map<String, String>> strings;
  private final Map<String, Map<String, String>> scriptStrings;
  private final Map<String, PageLanguage> pageLanguages;

  ClientAssets(JsonMapper json) {
    this.script = new ClientScript(read("client/queue.js"));
    this.clientCss = read("client/queue.css");
    this.pageCss = read("client/wait.css");
    this.strings = withEnglishFallback(languages(json));
    this.scriptStrings = withoutPageStrings(strings);
    Map<String, PageLanguage> byCode = new HashMap<>();
    strings.forEach((code, byKey) -> byCode.put(code, PageLanguage.of(code, byKey)));
    this.pageLanguages = Map.copyOf(byCode);
  }

  /**
   * Each language with English's strings under any key it lacks (ClientLanguagesTest fails on a
   * missing key; this keeps a page readable if one ships anyway).
   */
  private static Map<String, Map<String, String>> withEnglishFallback(
      Map<String, Map<String, String>> all) {
    Map<String, Map<String, String>> complete = new TreeMap<>();
    all.forEach(
        (code, byKey) -> {
          Map<String, String> merged = new HashMap<>(all.get("en"));
          merged.putAll(byKey);
          complete.put(code, Map.copyOf(merged));
        });
    return Map.copyOf(complete);
  }

  ClientScript script() {
    return script;
  }

  /** The client's styles, which the script puts in the page. */
  String clientCss() {
    return clientCss;
  }

  /** The hosted waiting page's own styles. */
  String pageCss() {
    return pageCss;
  }

  /** Each language's strings by key, by language code: the script's and the hosted page's. */
  Map<String, Map<String, String>> strings() {
    return strings;
  }

  /** What the script needs of {@link #strings()}: the hosted page's strings left out. */
  Map<String, Map<String, String>> scriptStrings() {
    return scriptStrings;
  }

  /** Sorted, so that every node writes the same script (and the same ETag) for one URL. */
  private static Map<String, Map<String, String>> withoutPageStrings(
      Map<String, Map<String, String>> all) {
    Map<String, Map<String, String>> kept = new TreeMap<>();
    all.forEach(
        (code, byKey) -> {
          Map<String, String> script = new TreeMap<>(byKey);
          script.keySet().removeIf(key -> key.startsWith(PAGE_PREFIX));
          kept.put(code, Collections.unmodifiableMap(script));
        });
    return Collections.unmodifiableMap(kept);
  }

  Set<String> languages() {
    return strings.keySet();
  }

  /** Each language and its direction, from its file's {@value PageLanguage#DIR_KEY} string. */
  Map<String, PageLanguage> pageLanguages() {
    return pageLanguages;
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

  private static String read(String classpath) {
    return read(new PathMatchingResourcePatternResolver().getResource("classpath:" + classpath));
  }

  private static String read(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
