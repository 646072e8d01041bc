package dev.anteroom.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain socket, for requests that {@link java.net.http.HttpClient} refuses to send
 * or would normalise: undecodable paths, encoded NULs and slashes, raw bytes in the request line.
 * Each request uses its own connection and asks the server to close it.
 */
public final class RawHttp {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /** Sends the request target exactly as given (as ISO-8859-1 bytes, so any byte can be sent). */
  public Answer get(String target) {
    return send("GET", target, Map.of(), null);
  }

  public Answer send(String method, String target, Map<String, String> headers, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    head.append("Connection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      request.writeBytes(body);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      return Answer.parse(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status, headers (names lower-cased) and body of an answer. */
  public record Answer(int status, Map<String, String> headers, String body) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String text(String field) {
      JsonNode node = json().get(field);
      return node == null || node.isNull() ? null : node.asString();
    }

    static Answer parse(InputStream in) throws IOException {
      byte[] response = in.readAllBytes();
      int end = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      if (end < 0) {
        throw new IOException(
            "no complete answer: " + new String(response, StandardCharsets.UTF_8));
      }
      String[] lines = new String(response, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
      byte[] body = java.util.Arrays.copyOfRange(response, end + 4, response.length);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = unchunk(body);
      }
      return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
      int at = 0;
      while (at < chunked.length) {
        int lineEnd = indexOf(chunked, crlf, at);
        String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
        int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
        if (size == 0) {
          break;
        }
        body.write(chunked, lineEnd + 2, size);
        at = lineEnd + 2 + size + 2;
      }
      return body.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
      outer:
      for (int i = from; i <= data.length - needle.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (data[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    @Override
    public String toString() {
      return status + " " + headers.get("content-type") + " " + body;
    }
  }
}
