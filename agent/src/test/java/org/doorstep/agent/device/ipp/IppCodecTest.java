package org.doorstep.agent.device.ipp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 8010 encoding, against messages laid out by hand from RFC 8010 Appendix A and §3.1.6. */
class IppCodecTest {

  /** RFC 8010 Appendix A.1 "Print-Job Request", byte for byte (PostScript data shortened). */
  static final byte[] RFC8010_A1_PRINT_JOB = bytes(
      0x01, 0x01,                                   // version-number 1.1
      0x00, 0x02,                                   // operation-id Print-Job
      0x00, 0x00, 0x00, 0x01,                       // request-id 1
      0x01,                                         // operation-attributes-tag
      0x47, 0x00, 0x12, "attributes-charset",       // charset, name-length 18, name
      0x00, 0x05, "utf-8",                          // value-length 5, value
      0x48, 0x00, 0x1B, "attributes-natural-language",
      0x00, 0x05, "en-us",
      0x45, 0x00, 0x0B, "printer-uri",
      0x00, 0x2C, "ipp://printer.example.com/ipp/print/pinetree",
      0x42, 0x00, 0x08, "job-name",                 // nameWithoutLanguage
      0x00, 0x06, "foobar",
      0x22, 0x00, 0x16, "ipp-attribute-fidelity",   // boolean
      0x00, 0x01, 0x01,                             // true
      0x02,                                         // job-attributes-tag
      0x21, 0x00, 0x06, "copies",                   // integer
      0x00, 0x04, 0x00, 0x00, 0x00, 0x14,           // 20
      0x44, 0x00, 0x05, "sides",                    // keyword
      0x00, 0x13, "two-sided-long-edge",
      0x03,                                         // end-of-attributes-tag
      "%!PS...");                                   // data

  /** RFC 8010 Appendix A.2 "Print-Job Response (Successful)". */
  static final byte[] RFC8010_A2_PRINT_JOB_OK = bytes(
      0x01, 0x01,
      0x00, 0x00,                                   // status-code successful-ok
      0x00, 0x00, 0x00, 0x01,
      0x01,
      0x47, 0x00, 0x12, "attributes-charset", 0x00, 0x05, "utf-8",
      0x48, 0x00, 0x1B, "attributes-natural-language", 0x00, 0x05, "en-us",
      0x41, 0x00, 0x0E, "status-message",           // textWithoutLanguage
      0x00, 0x0D, "successful-ok",
      0x02,
      0x21, 0x00, 0x06, "job-id", 0x00, 0x04, 0x00, 0x00, 0x00, 0x93,   // 147
      0x45, 0x00, 0x07, "job-uri",
      0x00, 0x30, "ipp://printer.example.com/ipp/print/pinetree/147",
      0x23, 0x00, 0x09, "job-state",                // enum
      0x00, 0x04, 0x00, 0x00, 0x00, 0x03,           // pending
      0x03);

  /** Additional values (RFC 8010 §3.1.4): requested-attributes with three keywords, as in A.7 Get-Jobs. */
  static final byte[] ADDITIONAL_VALUES = bytes(
      0x02, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x01, 0x23,   // 2.0 Get-Jobs, request-id 0x123
      0x01,
      0x44, 0x00, 0x14, "requested-attributes", 0x00, 0x06, "job-id",
      0x44, 0x00, 0x00, 0x00, 0x08, "job-name",          // empty name: additional value
      0x44, 0x00, 0x00, 0x00, 0x0F, "document-format",
      0x03);

  /** A collection (RFC 8010 §3.1.6): media-col = { media-size = { x-dimension 21000, y-dimension 29700 } }. */
  static final byte[] COLLECTION = bytes(
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
      0x04,                                              // printer-attributes-tag
      0x34, 0x00, 0x09, "media-col", 0x00, 0x00,         // begCollection, value-length 0
      0x4A, 0x00, 0x00, 0x00, 0x0A, "media-size",        // memberAttrName
      0x34, 0x00, 0x00, 0x00, 0x00,                      // begCollection (member value)
      0x4A, 0x00, 0x00, 0x00, 0x0B, "x-dimension",
      0x21, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x52, 0x08,   // 21000
      0x4A, 0x00, 0x00, 0x00, 0x0B, "y-dimension",
      0x21, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x74, 0x04,   // 29700
      0x37, 0x00, 0x00, 0x00, 0x00,                      // endCollection (media-size)
      0x37, 0x00, 0x00, 0x00, 0x00,                      // endCollection (media-col)
      0x03);

  @Test
  void decode_rfc8010PrintJobRequest_readsEveryGroupAttributeAndTheData() {
    IppMessage m = IppCodec.decode(RFC8010_A1_PRINT_JOB);

    assertThat(m.major()).isEqualTo(1);
    assertThat(m.minor()).isEqualTo(1);
    assertThat(m.code()).isEqualTo(IppOperation.PRINT_JOB.code());
    assertThat(m.requestId()).isEqualTo(1);
    assertThat(m.groups()).extracting(IppGroup::tag).containsExactly(IppTag.OPERATION_ATTRIBUTES, IppTag.JOB_ATTRIBUTES);
    assertThat(m.attribute(IppTag.OPERATION_ATTRIBUTES, "printer-uri").orElseThrow().texts())
        .containsExactly("ipp://printer.example.com/ipp/print/pinetree");
    assertThat(m.attribute(IppTag.OPERATION_ATTRIBUTES, "ipp-attribute-fidelity").orElseThrow().firstBool()).contains(true);
    assertThat(m.attribute(IppTag.JOB_ATTRIBUTES, "copies").orElseThrow().firstInt()).contains(20);
    assertThat(m.attribute(IppTag.JOB_ATTRIBUTES, "sides").orElseThrow().values())
        .containsExactly(new IppValue.Text(IppTag.KEYWORD, "two-sided-long-edge"));
    assertThat(new String(m.data(), StandardCharsets.US_ASCII)).isEqualTo("%!PS...");
  }

  @Test
  void decode_rfc8010PrintJobResponse_readsStatusJobIdAndState() {
    IppMessage m = IppCodec.decode(RFC8010_A2_PRINT_JOB_OK);

    assertThat(m.status()).contains(IppStatus.SUCCESSFUL_OK);
    assertThat(m.attribute(IppTag.JOB_ATTRIBUTES, "job-id").orElseThrow().firstInt()).contains(147);
    assertThat(m.attribute(IppTag.JOB_ATTRIBUTES, "job-state").orElseThrow().values())
        .containsExactly(new IppValue.Int(IppTag.ENUM, JobState.PENDING.code()));
    assertThat(m.dataLength()).isZero();
  }

  @Test
  void decode_additionalValues_joinTheAttributeBeforeThem() {
    IppMessage m = IppCodec.decode(ADDITIONAL_VALUES);

    assertThat(m.attribute(IppTag.OPERATION_ATTRIBUTES, "requested-attributes").orElseThrow().texts())
        .containsExactly("job-id", "job-name", "document-format");
  }

  @Test
  void decode_nestedCollection_readsMembersInOrder() {
    IppMessage m = IppCodec.decode(COLLECTION);

    IppValue.Collection col = (IppValue.Collection) m.attribute(IppTag.PRINTER_ATTRIBUTES, "media-col")
        .orElseThrow().values().get(0);
    IppValue.Collection size = (IppValue.Collection) col.members().get(0).values().get(0);
    assertThat(col.members().get(0).name()).isEqualTo("media-size");
    assertThat(size.members()).extracting(IppAttribute::name).containsExactly("x-dimension", "y-dimension");
    assertThat(size.members()).extracting(a -> a.firstInt().orElseThrow()).containsExactly(21000, 29700);
  }

  @Test
  void encode_ofDecoded_givesTheSameBytes() {
    for (byte[] wire : List.of(RFC8010_A1_PRINT_JOB, RFC8010_A2_PRINT_JOB_OK, ADDITIONAL_VALUES, COLLECTION)) {
      assertThat(IppCodec.encode(IppCodec.decode(wire))).isEqualTo(wire);
    }
  }

  @Test
  void encode_printJobRequest_hasTheRfc8011OrderAndThePdfAfterEndOfAttributes() {
    byte[] pdf = "%PDF-1.7 test".getBytes(StandardCharsets.US_ASCII);
    byte[] wire = IppCodec.encode(IppRequests.printJob(9, "ipp://127.0.0.1:631/ipp/print", "doorstep", "form", pdf));

    byte[] expectedStart = bytes(
        0x02, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x09,
        0x01,
        0x47, 0x00, 0x12, "attributes-charset", 0x00, 0x05, "utf-8",
        0x48, 0x00, 0x1B, "attributes-natural-language", 0x00, 0x05, "zh-cn",
        0x45, 0x00, 0x0B, "printer-uri", 0x00, 0x1D, "ipp://127.0.0.1:631/ipp/print");
    assertThat(Arrays.copyOf(wire, expectedStart.length)).isEqualTo(expectedStart);
    assertThat(Arrays.copyOfRange(wire, wire.length - pdf.length - 1, wire.length))
        .isEqualTo(bytes(0x03, "%PDF-1.7 test"));
    IppMessage back = IppCodec.decode(wire);
    assertThat(back.attribute(IppTag.OPERATION_ATTRIBUTES, "document-format").orElseThrow().texts())
        .containsExactly("application/pdf");
    assertThat(back.attribute(IppTag.JOB_ATTRIBUTES, "media").orElseThrow().texts()).containsExactly("iso_a4_210x297mm");
  }

  @Test
  void decode_everyTruncation_failsWithFormatErrorNamingTheOffset() {
    for (byte[] wire : List.of(RFC8010_A2_PRINT_JOB_OK, COLLECTION, ADDITIONAL_VALUES)) {
      for (int n = 0; n < wire.length; n++) {
        byte[] cut = Arrays.copyOf(wire, n);
        assertThatThrownBy(() -> IppCodec.decode(cut)).as("prefix of %d bytes", n)
            .isInstanceOf(IppFormatException.class).hasMessageContaining("at byte");
      }
    }
  }

  @Test
  void decode_randomGarbage_failsOnlyWithFormatErrors() {
    Random random = new Random(8010);
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      if (junk.length > 0) {
        junk[0] = (byte) (1 + random.nextInt(2));      // a plausible version, so the body gets parsed
      }
      try {
        IppCodec.decode(junk);
      } catch (IppFormatException expected) {
        // the only acceptable failure
      }
    }
  }

  @Test
  void decode_htmlErrorPage_isNotAnIppVersion() {
    assertThatThrownBy(() -> IppCodec.decode("<html><body>404</body></html>".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IppFormatException.class).hasMessageContaining("not IPP");
  }

  @Test
  void decode_integerWithWrongLength_isRefused() {
    byte[] wire = bytes(0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02,
        0x21, 0x00, 0x06, "job-id", 0x00, 0x02, 0x00, 0x01, 0x03);
    assertThatThrownBy(() -> IppCodec.decode(wire)).isInstanceOf(IppFormatException.class)
        .hasMessageContaining("value-length must be 4").hasMessageContaining("at byte 18")
        .satisfies(e -> assertThat(((IppFormatException) e).offset()).isEqualTo(18));
  }

  @Test
  void decode_additionalValueFirstInGroup_isRefused() {
    byte[] wire = bytes(0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x04,
        0x44, 0x00, 0x00, 0x00, 0x04, "idle", 0x03);
    assertThatThrownBy(() -> IppCodec.decode(wire)).isInstanceOf(IppFormatException.class)
        .hasMessageContaining("additional value");
  }

  /** Bytes from ints (one byte each) and strings (US-ASCII). */
  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof Integer i) {
        out.write(i);
      } else {
        out.writeBytes(((String) p).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }
}
