package dev.anteroom.waiting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VisitorStateTest {

  @Test
  void the_life_cycle_allows_only_its_moves() {
    assertThat(VisitorState.WAITING.moveTo(VisitorState.RELEASED)).isEqualTo(VisitorState.RELEASED);
    assertThat(VisitorState.WAITING.canMoveTo(VisitorState.CANCELLED)).isTrue();
    assertThat(VisitorState.WAITING.canMoveTo(VisitorState.EXPIRED)).isTrue();
    assertThat(VisitorState.RELEASED.canMoveTo(VisitorState.EXPIRED)).isTrue();
    assertThat(VisitorState.RELEASED.canMoveTo(VisitorState.CANCELLED)).isFalse();
    assertThat(VisitorState.CANCELLED.canMoveTo(VisitorState.RELEASED)).isFalse();
  }

  @Test
  void an_illegal_move_names_from_and_to() {
    assertThatThrownBy(() -> VisitorState.EXPIRED.moveTo(VisitorState.RELEASED))
        .isInstanceOf(VisitorState.IllegalTransitionException.class)
        .hasMessageContaining("EXPIRED")
        .hasMessageContaining("RELEASED")
        .satisfies(
            e -> {
              var illegal = (VisitorState.IllegalTransitionException) e;
              assertThat(illegal.from()).isEqualTo(VisitorState.EXPIRED);
              assertThat(illegal.to()).isEqualTo(VisitorState.RELEASED);
            });
  }
}
