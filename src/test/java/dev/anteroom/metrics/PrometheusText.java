package dev.anteroom.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of {@code /metrics} read back: its samples and the type each family declares. */
record PrometheusText(List<Sample> samples, Map<String, String> types) {

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** One line of the exposition: a name, its labels, its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line.strip());
      if (!sample.matches()) {
        throw new IllegalArgumentException("not a Prometheus sample: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
    }
    return new PrometheusText(samples, types);
  }

  /** The samples of a name for one queue. */
  List<Sample> of(String name, long queueId) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> Long.toString(queueId).equals(s.labels().get("queue_id")))
        .toList();
  }

  /** The one value of a name for one queue, if the scrape has it. */
  Optional<Double> value(String name, long queueId) {
    List<Sample> found = of(name, queueId);
    if (found.size() > 1) {
      throw new IllegalStateException(name + " has " + found.size() + " series for one queue");
    }
    return found.stream().findFirst().map(Sample::value);
  }

  boolean mentionsQueue(long queueId) {
    return samples.stream()
        .anyMatch(s -> Long.toString(queueId).equals(s.labels().get("queue_id")));
  }

  /** The type a family declares; counters are declared under their name with or without _total. */
  String typeOf(String family) {
    String type = types.get(family);
    return type != null ? type : types.get(family.replaceFirst("_total$", ""));
  }
}
