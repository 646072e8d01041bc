package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryStringsTest {

  @Test
  void well_formed_queries_pass() {
    for (String query :
        List.of(
            "",
            "token=ABpN-x_9",
            "page=1&size=20",
            "a=%C3%A9t%C3%A9&b=x+y",
            "name=%F0%9F%98%80",
            "flag",
            "a=&b=",
            "&&a=1&")) {
      assertThat(QueryStrings.check(query)).as(query).isNull();
    }
    assertThat(QueryStrings.check(null)).isNull();
  }

  @Test
  void a_bad_escape_names_its_parameter() {
    for (String query :
        List.of("token=%zz", "page=1&token=%", "token=ab%4", "token=%g1", "x=1&token=%%")) {
      InvalidInputException fault = QueryStrings.check(query);
      assertThat(fault).as(query).isNotNull();
      assertThat(fault.field()).as(query).isEqualTo("token");
      assertThat(fault.getMessage()).contains("'token'").contains("two hexadecimal digits");
    }
  }

  @Test
  void escaped_bytes_must_be_utf8() {
    for (String value : List.of("%ff%fe", "%c0%af", "%e2%82", "%ed%a0%80", "%80")) {
      InvalidInputException fault = QueryStrings.check("size=" + value);
      assertThat(fault).as(value).isNotNull();
      assertThat(fault.field()).isEqualTo("size");
      assertThat(fault.getMessage()).contains("not UTF-8");
    }
  }

  @Test
  void control_characters_are_refused_even_when_escaped() {
    for (String value : List.of("%00", "a%0Ab", "%1f", "%7F", "%C2%85")) {
      InvalidInputException fault = QueryStrings.check("q=" + value);
      assertThat(fault).as(value).isNotNull();
      assertThat(fault.getMessage()).contains("control characters");
    }
  }

  @Test
  void a_bad_name_has_no_field_and_too_many_parameters_are_refused() {
    InvalidInputException name = QueryStrings.check("pa%zzge=1");
    assertThat(name.field()).isNull();
    assertThat(name.getMessage()).contains("parameter name");

    String many = "a=1&".repeat(QueryStrings.MAX_PARAMETERS) + "b=2";
    assertThat(QueryStrings.check(many).getMessage()).contains("more than 100 parameters");
    assertThat(QueryStrings.check("a=1&".repeat(QueryStrings.MAX_PARAMETERS))).isNull();
  }

  @Test
  void decode_reads_plus_and_escapes_and_refuses_the_malformed() {
    assertThat(QueryStrings.decode("token", "a+b%2Fc%C3%A9")).isEqualTo("a b/cé");
    assertThat(QueryStrings.decode("token", "plain")).isEqualTo("plain");
    assertThatThrownBy(() -> QueryStrings.decode("token", "%zz"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'token'");
  }
}
