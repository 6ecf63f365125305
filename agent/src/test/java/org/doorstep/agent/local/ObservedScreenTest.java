package org.doorstep.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.session.ResidentMessage;
import org.junit.jupiter.api.Test;

class ObservedScreenTest {

  @Test
  void every_method_of_the_screen_port_is_passed_on_not_left_to_its_default() {
    for (Method m : Screen.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      assertThat(Arrays.stream(ObservedScreen.class.getDeclaredMethods())
          .anyMatch(o -> o.getName().equals(m.getName()) && Arrays.equals(o.getParameterTypes(), m.getParameterTypes())))
          .as("ObservedScreen overrides Screen." + m.getName()).isTrue();
    }
  }

  @Test
  void observers_see_messages_and_guidance_as_the_screen_shows_them_until_closed() throws Exception {
    AutoScreen inner = new AutoScreen();
    ObservedScreen screen = new ObservedScreen(inner);
    List<String> seen = new ArrayList<>();
    AutoCloseable handle = screen.observe(new ObservedScreen.Observer() {
      @Override
      public void shown(ResidentMessage message) {
        seen.add(message.key());
      }

      @Override
      public void guided(Guidance guidance) {
        seen.add(guidance.key());
      }
    });
    screen.show(ResidentMessage.READING_CARD);
    screen.guide(Guidance.BLINK);
    handle.close();
    screen.show(ResidentMessage.SAVING);
    assertThat(seen).containsExactly("session.reading-card", "challenge.blink");
    assertThat(inner.shown()).containsExactly(ResidentMessage.READING_CARD, ResidentMessage.SAVING);
    assertThat(inner.guided()).containsExactly(Guidance.BLINK);
  }

  @Test
  void a_failing_observer_does_not_stop_the_screen() {
    AutoScreen inner = new AutoScreen();
    ObservedScreen screen = new ObservedScreen(inner);
    screen.observe(new ObservedScreen.Observer() {
      @Override
      public void shown(ResidentMessage message) {
        throw new IllegalStateException("observer bug");
      }
    });
    assertThat(screen.show(ResidentMessage.MATCHING).succeeded()).isTrue();
    assertThat(inner.shown()).containsExactly(ResidentMessage.MATCHING);
    assertThat(screen.resident(Optional.empty()).succeeded()).isTrue();
  }
}
