package org.doorstep.agent.device.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.forms.sim.SampleForms;
import org.doorstep.agent.device.forms.sim.SimulatedFormPrinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The A4 PDFs themselves (the installed font, read from disk): page size, embedded subset font, text, page breaks. */
class PdfFormRendererIT {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static PdfFormRenderer renderer;

  @BeforeAll
  static void font() {
    renderer = PdfFormRenderer.withInstalledFont();
  }

  @AfterAll
  static void close() {
    renderer.close();
  }

  @Test
  void applicationForm_isOneA4PageWithASubsetOfTheCjkFontEmbedded() throws IOException {
    byte[] pdf = renderer.render(FormTemplates.registrationApplication(SampleForms.application("R-1"), CHINA));

    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isEqualTo(1);
      PDPage page = doc.getPage(0);
      assertThat(page.getMediaBox().getWidth()).isEqualTo(PDRectangle.A4.getWidth());
      assertThat(page.getMediaBox().getHeight()).isEqualTo(PDRectangle.A4.getHeight());
      PDFont font = page.getResources().getFont(page.getResources().getFontNames().iterator().next());
      assertThat(font).isInstanceOf(PDType0Font.class);
      assertThat(font.getName()).matches("[A-Z]{6}\\+NotoSansSC.*");      // subset tag
      assertThat(font.isEmbedded()).isTrue();
      assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("登记申请表 R-1");
      assertThat(new PDFTextStripper().getText(doc)).contains("公民身份号码", "汉族", "示例市公安局示例分局", "长期");
    }
    assertThat(pdf.length).as("a subset, not the 10 MB font").isLessThan(200_000);
  }

  @Test
  void contentLongerThanAPage_continuesOnTheNext() throws IOException {
    List<FormSheet.Block> blocks = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      blocks.add(new FormSheet.Paragraph("第" + i + "段：城乡居民基本养老保险待遇领取资格认证。"));
    }
    byte[] pdf = renderer.render(new FormSheet("long", "长表单", "", blocks));

    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isGreaterThan(1);
      assertThat(new PDFTextStripper().getText(doc)).contains("第0段", "第59段");
    }
  }

  @Test
  void missingFont_failsNamingTheFetchScript(@TempDir Path empty) {
    String before = System.getProperty(FormFonts.PROPERTY);
    System.setProperty(FormFonts.PROPERTY, empty.toString());
    try {
      assertThatThrownBy(FormFonts::regular).isInstanceOf(DeviceException.class)
          .hasMessageContaining("agent/fonts/fetch-fonts.sh")
          .satisfies(e -> assertThat(((DeviceException) e).reason(FormPrinterProblem.class))
              .contains(FormPrinterProblem.FONT_MISSING));
    } finally {
      if (before == null) {
        System.clearProperty(FormFonts.PROPERTY);
      } else {
        System.setProperty(FormFonts.PROPERTY, before);
      }
    }
  }

  @Test
  void simulatedPrinter_keepsThePdfs_andFailsWithAScriptedProblem() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (FormRendering rendering = new FormRendering(vertx)) {
      SimulatedFormPrinter printer = new SimulatedFormPrinter(rendering);
      PrintedForm done = printer.print(FormTemplates.certificationProof(SampleForms.certified("R-5"), "示例区", CHINA))
          .await(30, TimeUnit.SECONDS);
      assertThat(done.job()).isEqualTo("sim:1");
      assertThat(printer.printed()).singleElement().satisfies(p -> {
        assertThat(p.jobName()).isEqualTo("认证结果证明 R-5");
        assertThat(p.pdf()).hasSize(done.pdfBytes());
      });

      printer.problem(FormPrinterProblem.MEDIA_JAM);
      assertThat(printer.status().await(5, TimeUnit.SECONDS).problem()).contains(FormPrinterProblem.MEDIA_JAM);
      assertThatThrownBy(() -> printer.print(FormTemplates.testPage("sim", SampleForms.AT, CHINA, "x"))
          .await(5, TimeUnit.SECONDS)).isInstanceOf(DeviceException.class).hasMessageContaining("paper jam");
      assertThat(printer.printed()).hasSize(1);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
