package dev.anteroom.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code curl} commands of a markdown file's {@code sh} blocks, in order, and a way to run each
 * as curl would, with shell variables expanded the way a POSIX shell expands them: single quotes
 * keep everything, double quotes expand {@code $NAME} and take {@code \"}, a backslash at the end
 * of a line continues the command, an unquoted {@code #} starts a comment. It knows the curl
 * options the README uses ({@code -s}, {@code -N}, {@code -X}, {@code -H}, {@code -d}) and refuses
 * any other, so a new option in the README cannot be silently skipped.
 */
public final class ReadmeCurl {

  private static final Pattern SH_BLOCK = Pattern.compile("(?ms)^```sh\\n(.*?)^```");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ReadmeCurl() {}

  /** The curl commands of the {@code sh} blocks, in order, as raw shell text. */
  public static List<String> commands(String markdown) {
    List<String> commands = new ArrayList<>();
    Matcher blocks = SH_BLOCK.matcher(markdown);
    while (blocks.find()) {
      for (String command : split(blocks.group(1))) {
        if (command.startsWith("curl ")) {
          commands.add(command);
        }
      }
    }
    return commands;
  }

  /** A command as curl reads it, variables expanded by {@code variables}. */
  public record Request(
      String method, String url, Map<String, String> headers, String body, boolean stream) {

    /**
     * The method and the URL with its leading {@code $A} taken off, such as "GET /queues/$QUEUE".
     */
    public String shape() {
      return method + " " + url.replaceFirst("^\\$A", "");
    }
  }

  /** Parses one command; an unknown variable or option fails. */
  public static Request parse(String command, Function<String, String> variables) {
    List<String> words = words(command, variables);
    if (words.isEmpty() || !words.getFirst().equals("curl")) {
      throw new IllegalArgumentException("not a curl command: " + command);
    }
    String method = null;
    String url = null;
    String body = null;
    boolean stream = false;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      switch (word) {
        case "-s" -> {}
        case "-N" -> stream = true;
        case "-X" -> method = words.get(++i);
        case "-H" -> {
          String header = words.get(++i);
          int colon = header.indexOf(':');
          headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        case "-d" -> body = words.get(++i);
        default -> {
          if (word.startsWith("-") || url != null) {
            throw new IllegalArgumentException(
                "the test does not know '" + word + "' in " + command);
          }
          url = word;
        }
      }
    }
    if (method == null) {
      method = body == null ? "GET" : "POST";
    }
    return new Request(method, url, headers, body, stream);
  }

  /**
   * Sends the request. An event stream ({@code -N}) is read up to its first event and closed; its
   * answer is that event's data.
   */
  public static HttpResponse<String> send(Request request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(request.url())).timeout(Duration.ofSeconds(30));
    request.headers().forEach(builder::header);
    if (request.body() != null && !request.headers().containsKey("Content-Type")) {
      // curl -d sends a form content type unless told otherwise
      builder.header("Content-Type", "application/x-www-form-urlencoded");
    }
    builder.method(
        request.method(),
        request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(request.body()));
    try {
      if (request.stream()) {
        HttpResponse<InputStream> response =
            HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          return new FirstEvent(response, firstEventData(in));
        }
      }
      return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String firstEventData(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    StringBuilder data = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c != '\n') {
        line.append((char) c);
        continue;
      }
      String text = line.toString();
      line.setLength(0);
      if (text.isEmpty() && !data.isEmpty()) {
        return new String(
            data.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      }
      if (text.startsWith("data:")) {
        data.append(text.substring(5));
      }
    }
    return data.toString();
  }

  /** Splits a block into commands: an unquoted, unescaped newline ends one; comments go. */
  static List<String> split(String block) {
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < block.length(); i++) {
      char c = block.charAt(i);
      if (quote == 0 && c == '#' && (current.isEmpty() || Character.isWhitespace(last(current)))) {
        while (i + 1 < block.length() && block.charAt(i + 1) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '\\' && quote != '\'' && i + 1 < block.length()) {
        current.append(c).append(block.charAt(++i));
        continue;
      }
      if (c == '\n' && quote == 0) {
        add(commands, current);
        continue;
      }
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
      current.append(c);
    }
    add(commands, current);
    return commands;
  }

  private static char last(StringBuilder text) {
    return text.charAt(text.length() - 1);
  }

  private static void add(List<String> commands, StringBuilder current) {
    String command = current.toString().strip();
    if (!command.isEmpty()) {
      commands.add(command);
    }
    current.setLength(0);
  }

  /** The shell words of one command, with {@code $NAME} expanded outside single quotes. */
  static List<String> words(String command, Function<String, String> variables) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
        continue;
      }
      if (c == '\\' && i + 1 < command.length()) {
        char next = command.charAt(++i);
        if (next == '\n') {
          continue;
        }
        if (word == null) {
          word = new StringBuilder();
        }
        if (quote == '"' && "\"\\$`".indexOf(next) < 0) {
          word.append('\\');
        }
        word.append(next);
        continue;
      }
      if (c == '$' && i + 1 < command.length() && isNameStart(command.charAt(i + 1))) {
        int end = i + 1;
        while (end < command.length() && isNamePart(command.charAt(end))) {
          end++;
        }
        String name = command.substring(i + 1, end);
        String value = variables.apply(name);
        if (value == null) {
          throw new IllegalArgumentException("unknown variable $" + name + " in " + command);
        }
        if (word == null) {
          word = new StringBuilder();
        }
        word.append(value);
        i = end - 1;
        continue;
      }
      if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else {
          word.append(c);
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else {
        word.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed quote in " + command);
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** The first event of a stream, standing in for a whole answer. */
  private record FirstEvent(HttpResponse<InputStream> head, String body)
      implements HttpResponse<String> {

    @Override
    public int statusCode() {
      return head.statusCode();
    }

    @Override
    public HttpRequest request() {
      return head.request();
    }

    @Override
    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return head.headers();
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return head.sslSession();
    }

    @Override
    public URI uri() {
      return head.uri();
    }

    @Override
    public HttpClient.Version version() {
      return head.version();
    }
  }
}
