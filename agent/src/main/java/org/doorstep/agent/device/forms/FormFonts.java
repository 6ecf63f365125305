package org.doorstep.agent.device.forms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.doorstep.agent.device.DeviceException;

/**
 * Where the forms' CJK font is: the folder in the system property {@value #PROPERTY} (the build sets it
 * for tests), else {@code fonts/} beside the agent's jar (where the service folder keeps it). The font is
 * fetched at build time by {@code agent/fonts/fetch-fonts.sh} (Noto Sans SC, SIL OFL 1.1, see
 * agent/fonts/NOTICE.md); it is never a system package.
 */
public final class FormFonts {
  /** System property naming the fonts folder. */
  public static final String PROPERTY = "doorstep.fonts.dir";
  /** The font file the forms embed (a subset of it). */
  public static final String REGULAR = "NotoSansSC_400Regular.ttf";

  private FormFonts() {}

  /**
   * The font file.
   *
   * @throws DeviceException {@link FormPrinterProblem#FONT_MISSING} naming where it looked and the script to run
   */
  public static Path regular() {
    Path dir = folder();
    Path font = dir.resolve(REGULAR);
    if (!Files.isRegularFile(font)) {
      throw new DeviceException(FormPrinterProblem.FONT_MISSING.fault(), FormPrinterProblem.FONT_MISSING,
          "forms font " + font.toAbsolutePath() + " not found: run agent/fonts/fetch-fonts.sh " + dir.toAbsolutePath()
          + " (or set -D" + PROPERTY + ")");
    }
    return font;
  }

  private static Path folder() {
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop.trim());
    }
    return besideJar().orElse(Path.of("fonts"));
  }

  private static Optional<Path> besideJar() {
    try {
      Path code = Path.of(FormFonts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Optional.ofNullable(code.getParent()).map(p -> p.resolve("fonts"));
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
