package dev.anteroom.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadmeCurlTest {

  private final Map<String, String> vars = Map.of("A", "http://h", "T", "tok", "Q", "7");

  @Test
  void words_follow_the_shells_quoting() {
    assertThat(
            ReadmeCurl.words(
                "curl -s $A/x -H 'X: $T' -d \"{\\\"t\\\":\\\"$T\\\",\\\"q\\\":$Q}\" \\\n  -N",
                vars::get))
        .containsExactly(
            "curl", "-s", "http://h/x", "-H", "X: $T", "-d", "{\"t\":\"tok\",\"q\":7}", "-N");
  }

  @Test
  void blocks_split_into_commands_without_comments_keeping_quoted_newlines() {
    List<String> commands =
        ReadmeCurl.split(
            "# a comment\ncurl -s $A/a   # trailing\ncurl -s $A/b -d '{\"x\":1,\n  \"y\":2}'\n");
    assertThat(commands).containsExactly("curl -s $A/a", "curl -s $A/b -d '{\"x\":1,\n  \"y\":2}'");
  }

  @Test
  void an_unknown_option_or_variable_fails() {
    assertThatThrownBy(() -> ReadmeCurl.parse("curl -k $A/x", vars::get))
        .hasMessageContaining("-k");
    assertThatThrownBy(() -> ReadmeCurl.parse("curl $A/$NOPE", vars::get))
        .hasMessageContaining("$NOPE");
  }

  @Test
  void every_curl_command_of_the_readme_parses() throws Exception {
    List<String> commands = ReadmeCurl.commands(Files.readString(Path.of("README.md")));
    assertThat(commands).hasSizeGreaterThan(20);
    // Parsing throws on anything the runner could not replay: an option or variable it lacks.
    commands.forEach(
        command ->
            assertThat(ReadmeCurl.parse(command, name -> "$" + name).shape())
                .as(command)
                .isNotBlank());
  }
}
