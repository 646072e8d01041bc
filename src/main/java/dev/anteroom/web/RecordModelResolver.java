package dev.anteroom.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * swagger-core's model resolver with the API's snake_case names, which also notes, for every
 * record, the properties Jackson always writes: every component except those left out when null
 * ({@code @JsonInclude(NON_NULL)}). {@link DocumentRules} makes them required where the record is
 * an answer; a request's required fields are those it declares itself.
 */
final class RecordModelResolver extends ModelResolver {

  /** The extension that carries the always-written properties to {@link DocumentRules}. */
  static final String ALWAYS_WRITTEN = "x-anteroom-always-written";

  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  RecordModelResolver(ObjectMapper mapper) {
    super(mapper);
  }

  @Override
  public Schema resolve(
      AnnotatedType annotatedType, ModelConverterContext context, Iterator<ModelConverter> next) {
    Schema<?> resolved = super.resolve(annotatedType, context, next);
    if (resolved == null || annotatedType.getType() == null) {
      return resolved;
    }
    JavaType type = _mapper.getTypeFactory().constructType(annotatedType.getType());
    Class<?> raw = type.getRawClass();
    Schema<?> model = model(resolved, context);
    if (raw.isRecord() && model != null && model.getProperties() != null) {
      model.addExtension(ALWAYS_WRITTEN, alwaysWritten(raw, model));
    }
    return resolved;
  }

  private static Schema<?> model(Schema<?> resolved, ModelConverterContext context) {
    if (resolved.get$ref() == null) {
      return resolved;
    }
    String ref = resolved.get$ref();
    return context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
  }

  private static List<String> alwaysWritten(Class<?> record, Schema<?> model) {
    List<String> names = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      String name = SNAKE.translate(component.getName());
      if (model.getProperties().containsKey(name) && !leftOutWhenNull(record, component)) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean leftOutWhenNull(Class<?> record, RecordComponent component) {
    try {
      Field field = record.getDeclaredField(component.getName());
      JsonInclude include = field.getAnnotation(JsonInclude.class);
      return include != null && include.value() != JsonInclude.Include.ALWAYS;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }
}
