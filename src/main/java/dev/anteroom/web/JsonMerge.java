package dev.anteroom.web;

import dev.anteroom.common.InvalidInputException;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PUT as a merge: the fields a client sends replace the stored ones (an explicit null clears an
 * optional field) and the fields it leaves out keep their values. The merged document is read back
 * through the same strict mapper as a create, so it is checked by the same rules.
 */
@Component
public final class JsonMerge {

  private final JsonMapper mapper;

  JsonMerge(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Reads a body kept as a tree (so that the caller can tell a field left out from a null) with the
   * same strict rules as a body bound directly.
   */
  public <T> T read(JsonNode body, Class<T> type) {
    if (body == null || !body.isObject()) {
      throw new InvalidInputException(null, "the body must be a JSON object");
    }
    return mapper.treeToValue(body, type);
  }

  public <T> T merge(T current, JsonNode changes, Class<T> type) {
    if (changes == null || !changes.isObject()) {
      throw new InvalidInputException(null, "the body must be a JSON object");
    }
    ObjectNode merged = mapper.valueToTree(current);
    for (Map.Entry<String, JsonNode> change : changes.properties()) {
      merged.set(change.getKey(), change.getValue());
    }
    return mapper.treeToValue(merged, type);
  }
}
